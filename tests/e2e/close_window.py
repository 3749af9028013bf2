"""Asks an X11 window to close, as a window manager's close button does (WM_DELETE_WINDOW).

usage: close_window.py DISPLAY TITLE
"""
import sys

from Xlib import X, display, protocol


def find(win, title):
    for child in win.query_tree().children:
        try:
            if child.get_wm_name() == title:
                return child
        except Exception:
            pass
        found = find(child, title)
        if found:
            return found
    return None


def main():
    d = display.Display(sys.argv[1])
    win = find(d.screen().root, sys.argv[2])
    if win is None:
        sys.exit(f"no window titled {sys.argv[2]!r}")
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(window=win, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    win.send_event(event, event_mask=X.NoEventMask)
    d.flush()


main()
