//! Java `.properties` files, as Sweet Home 3D writes its furniture catalogues: logical lines
//! continued by a trailing backslash, `#`/`!` comments, keys ending at an unescaped `=`, `:`
//! or blank, and escapes (`\uXXXX` with surrogate pairs, `\t`, `\n`, `\r`, `\f`, `\X` → `X`).
//! The bytes are ISO-8859-1 as `Properties.load` reads them, unless they are valid UTF-8
//! holding non-ASCII text (as Java 9's resource bundles accept).

use std::collections::BTreeMap;

/// Parses `bytes`; a key given twice keeps its last value, as in Java.
pub fn parse(bytes: &[u8]) -> BTreeMap<String, String> {
    let text: String = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    let mut out = BTreeMap::new();
    for line in logical_lines(&text) {
        let (key, value) = split_key_value(&line);
        out.insert(unescape(key), unescape(value));
    }
    out
}

/// Joins continued lines; drops comments and blank lines; strips leading blanks.
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current: Option<String> = None;
    for raw in text.replace("\r\n", "\n").split(['\n', '\r']) {
        let trimmed = raw.trim_start_matches([' ', '\t', '\u{c}']);
        let continuing = current.is_some();
        if !continuing
            && (trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!'))
        {
            continue;
        }
        let trailing = trimmed.chars().rev().take_while(|c| *c == '\\').count();
        let (body, continues) = if trailing % 2 == 1 {
            (&trimmed[..trimmed.len() - 1], true)
        } else {
            (trimmed, false)
        };
        let mut line = current.take().unwrap_or_default();
        line.push_str(body);
        if continues {
            current = Some(line);
        } else {
            lines.push(line);
        }
    }
    if let Some(line) = current {
        lines.push(line);
    }
    lines
}

/// The raw (still escaped) key and value of a logical line.
fn split_key_value(line: &str) -> (&str, &str) {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | ':' => {
                return (
                    &line[..i],
                    line[i + 1..].trim_start_matches([' ', '\t', '\u{c}']),
                );
            }
            ' ' | '\t' | '\u{c}' => {
                let rest = line[i..].trim_start_matches([' ', '\t', '\u{c}']);
                let rest = rest.strip_prefix(['=', ':']).unwrap_or(rest);
                return (&line[..i], rest.trim_start_matches([' ', '\t', '\u{c}']));
            }
            _ => {}
        }
    }
    (line, "")
}

/// Resolves escapes; `\u` escapes are gathered as UTF-16 so surrogate pairs decode.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut utf16: Vec<u16> = Vec::new();
    let flush = |out: &mut String, utf16: &mut Vec<u16>| {
        if !utf16.is_empty() {
            out.push_str(&String::from_utf16_lossy(utf16));
            utf16.clear();
        }
    };
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut out, &mut utf16);
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = (0..4)
                    .filter_map(|_| chars.next_if(char::is_ascii_hexdigit))
                    .collect();
                match u16::from_str_radix(&hex, 16) {
                    Ok(unit) if hex.len() == 4 => utf16.push(unit),
                    // Java rejects a malformed \u; keep the text rather than lose the entry.
                    _ => {
                        flush(&mut out, &mut utf16);
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => {
                flush(&mut out, &mut utf16);
                out.push(match other {
                    't' => '\t',
                    'n' => '\n',
                    'r' => '\r',
                    'f' => '\u{c}',
                    c => c,
                });
            }
            None => flush(&mut out, &mut utf16),
        }
    }
    flush(&mut out, &mut utf16);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_sweet_home_3d_writes() {
        let text = b"# comment\n! other comment\nid#1=Blend Swap CC-0#armchair\nname#1 = Chaise \\u00e0 bascule\n\
width#1:59.4\nlong = one \\\n    two\\\\\nkey\\ with\\ blanks value\nemoji=\\ud83d\\ude00\ntab=a\\tb\nempty\n";
        let p = parse(text);
        assert_eq!(p["id#1"], "Blend Swap CC-0#armchair");
        assert_eq!(p["name#1"], "Chaise \u{e0} bascule");
        assert_eq!(p["width#1"], "59.4");
        assert_eq!(p["long"], "one two\\");
        assert_eq!(p["key with blanks"], "value");
        assert_eq!(p["emoji"], "\u{1f600}");
        assert_eq!(p["tab"], "a\tb");
        assert_eq!(p["empty"], "");
        assert_eq!(p.len(), 8);
    }

    #[test]
    fn latin1_bytes_decode_as_iso_8859_1() {
        let p = parse(b"name=Chaise \xe0 \\\r\n  bascule\r\nother=1");
        assert_eq!(p["name"], "Chaise \u{e0} bascule");
        assert_eq!(p["other"], "1");
    }

    #[test]
    fn malformed_escapes_do_not_panic() {
        let p = parse(b"a=\\u12\nb=\\uZZZZ\nc=\\");
        assert_eq!(p["a"], "\\u12");
        assert_eq!(p["b"], "\\uZZZZ");
        assert_eq!(p["c"], "");
    }
}
