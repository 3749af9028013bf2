// What ui/vendor/codemirror.js exports: the parts of CodeMirror 6 Onsite's code drills use.
// `build` bundles this file with esbuild; anything not re-exported here is tree-shaken away, so add
// a name here (and run ./build) before importing it in the app.

export {
  EditorState, Compartment, EditorSelection, StateEffect, StateField, Transaction, Annotation, Prec,
} from '@codemirror/state';

export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  placeholder, highlightSpecialChars, dropCursor, ViewPlugin, Decoration, WidgetType,
} from '@codemirror/view';

export {
  defaultKeymap, history, historyKeymap, indentWithTab, insertTab, indentMore, indentLess,
  insertNewlineAndIndent, toggleComment, undo, redo, selectAll,
} from '@codemirror/commands';

export {
  indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentUnit,
  HighlightStyle, syntaxTree,
} from '@codemirror/language';

export { tags } from '@lezer/highlight';

export { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';

export { searchKeymap, search, openSearchPanel, highlightSelectionMatches } from '@codemirror/search';

export { python, pythonLanguage } from '@codemirror/lang-python';

export { sql, SQLite, StandardSQL, SQLDialect } from '@codemirror/lang-sql';

export { oneDark, oneDarkTheme, oneDarkHighlightStyle } from '@codemirror/theme-one-dark';

// The small ready-made bundle of extensions (history, drawSelection, default keymaps, fallback
// highlighting). `basicSetup` is left out on purpose: it pulls in lint, folding and autocompletion.
export { minimalSetup } from 'codemirror';
