//! Turning a file's bytes into text: byte-order marks, line endings, and mojibake (UTF-8 that was
//! once read as Windows-1252, such as `â€™` for `’`).

use crate::domain::pack::{LineIndex, PackError};

/// The file's text with any byte-order mark removed and every line ending made `\n`. UTF-16 with a
/// BOM is accepted; other bytes must be UTF-8, and the error names the line of the first bad byte.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, PackError> {
    let text = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(PackError::at(
                file,
                1,
                format!("not valid {} text", enc.name()),
            ));
        }
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let bad = e.valid_up_to();
                return Err(PackError::at(
                    file,
                    LineIndex::new(bytes).line(bad),
                    format!("not UTF-8 text (bad byte at offset {bad}); save the file as UTF-8"),
                ));
            }
        }
    };
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Repairs mojibake: sequences of 2 to 4 characters that, written back as Windows-1252 bytes, form
/// one UTF-8 character (`â€™` is the bytes E2 80 99, which is `’`). Each sequence is checked on its
/// own, so a run such as `éâ€™` keeps its genuine `é`. Genuine text rarely holds such a sequence:
/// it takes an accented letter directly followed by the right number of symbols such as `€`, `’`
/// or `©` (a capital `É` before a closing `”` is one, and would become `ɔ`). Returns the text and
/// how many characters were repaired.
pub fn repair_mojibake(text: &str) -> (String, usize) {
    if text.is_ascii() {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((fixed, used)) = repair_at(rest) {
            out.push(fixed);
            repaired += 1;
            rest = &rest[used..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    (out, repaired)
}

/// The character spelt, as mojibake, by the start of `text`, and how many bytes of `text` spell it.
fn repair_at(text: &str) -> Option<(char, usize)> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    let lead = cp1252_byte(first)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for slot in bytes.iter_mut().take(len).skip(1) {
        let (at, c) = chars.next()?;
        match cp1252_byte(c) {
            Some(b @ 0x80..=0xBF) => *slot = b,
            // Tools that decode with replacement turn the undefined byte 9D into U+FFFD, so the
            // closing quote `”` (E2 80 9D) reads `â€�`. Nothing else commonly ends that way.
            _ if c == '\u{FFFD}' && bytes[..2] == [0xE2, 0x80] => {
                return Some(('”', at + c.len_utf8()));
            }
            _ => return None,
        }
    }
    let fixed = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    let used = chars.next().map_or(text.len(), |(at, _)| at);
    Some((fixed, used))
}

/// The byte a character stands for when UTF-8 was read as Windows-1252 (or as Latin-1, which
/// shows the bytes 80-9F as control characters), if it stands for one above 7F.
fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0x80..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => cp1252_high()
            .iter()
            .find(|&&(high, _)| high == c)
            .map(|&(_, b)| b),
    }
}

/// The characters Windows-1252 gives the bytes 80-9F, as encoding_rs decodes them (the five bytes
/// the code page leaves undefined decode to U+0081 and so on, which the Latin-1 range above
/// already maps back).
fn cp1252_high() -> &'static [(char, u8); 32] {
    static TABLE: std::sync::OnceLock<[(char, u8); 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [('\0', 0u8); 32];
        for (slot, b) in table.iter_mut().zip(0x80u8..=0x9F) {
            let byte = [b];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            *slot = (decoded.chars().next().unwrap_or('\0'), b);
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(text: &str) -> String {
        repair_mojibake(text).0
    }

    #[test]
    fn mojibake_is_repaired_and_counted() {
        assert_eq!(repair_mojibake("Whatâ€™s new"), ("What’s new".into(), 1));
        assert_eq!(repair_mojibake("note: ðŸŒ±"), ("note: 🌱".into(), 1));
        assert_eq!(
            repair_mojibake("cafÃ© and naÃ¯ve"),
            ("café and naïve".into(), 2)
        );
        assert_eq!(repair("â€“ and â€” and â€œhiâ€\u{9d}"), "– and — and “hi”");
        assert_eq!(
            repair("Ã\u{81}"),
            "Á",
            "undefined bytes decode to C1 controls"
        );
        assert_eq!(repair("â\u{80}\u{99}"), "’", "Latin-1 mojibake too");
        assert_eq!(repair("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
    }

    #[test]
    fn a_lost_closing_quote_byte_is_read_as_the_closing_quote() {
        assert_eq!(repair_mojibake("â€œquoteâ€\u{FFFD}"), ("“quote”".into(), 2));
        assert_eq!(repair("Ã\u{FFFD} alone"), "Ã\u{FFFD} alone");
    }

    #[test]
    fn genuine_text_is_untouched() {
        for text in [
            "café, naïve, façade, Ærøskøbing, Straße",
            "en – dash, em — dash, ’quotes’ “double” …",
            "🌱 emoji 👩‍💻 and 漢字 and Привет",
            "© 2024 ™ ® ° ± ² µ ¼ ½ ¾ ¿ ¡",
            "x² ÷ y × z",
            "",
            "plain ASCII",
        ] {
            assert_eq!(repair_mojibake(text), (text.to_string(), 0), "{text}");
        }
    }

    #[test]
    fn genuine_text_next_to_mojibake_is_kept() {
        assert_eq!(repair("éâ€™s"), "é’s");
        assert_eq!(repair("Ã©Ã"), "éÃ");
        assert_eq!(repair("ðŸŒ"), "ðŸŒ", "a cut-off sequence is left alone");
    }
}
