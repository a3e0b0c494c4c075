//! List markers: bullets (`•`, `-`), enumerators (`1.`, `2)`, `(a)`, `a.`), and both (`• 9.`).
//!
//! A marker is structure, not claim text. A line that starts with one is a list item; when
//! the same kind of marker with the next number recurs inside the line (`1) one 2) two`),
//! the line holds several items.

use std::sync::LazyLock;

use regex::Regex;

/// A list marker at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Length in bytes of the marker itself, without the space after it.
    pub len: usize,
    bullet: Option<char>,
    enumerator: Option<Enumerator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Enumerator {
    ordinal: u32,
    letter: bool,
    open_paren: bool,
    close: Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    Dot,
    Paren,
    DotParen,
}

impl Marker {
    /// Whether `other` continues the list this marker belongs to, as its next item.
    fn is_followed_by(&self, other: &Marker) -> bool {
        if self.bullet != other.bullet {
            return false;
        }
        match (self.enumerator, other.enumerator) {
            (Some(a), Some(b)) => {
                a.letter == b.letter
                    && a.open_paren == b.open_paren
                    && a.close == b.close
                    && b.ordinal == a.ordinal + 1
            }
            // Dashes also punctuate prose (`52 - 48`), so only unmistakable bullets repeat
            // within a line.
            (None, None) => self
                .bullet
                .is_some_and(|b| matches!(b, '•' | '⁃' | '▪' | '◦' | '●' | '‣')),
            _ => false,
        }
    }
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<bullet>[-–—•*‣◦▪▫●○·+⁃])?(?:\s*(?P<open>\()?(?P<num>\d{1,3}|[a-zA-Z])(?P<close>\.\)|[.)]))?",
    )
    .expect("list marker pattern")
});

/// The list marker that starts `text`, if any: it must be followed by white space and then
/// by the item's text.
pub fn leading_marker(text: &str) -> Option<Marker> {
    // Most lines start with a word: reject them before running the pattern.
    let mut chars = text.chars();
    let first = chars.next()?;
    if first.is_alphabetic() && !matches!(chars.next(), Some('.' | ')')) {
        return None;
    }
    if first.is_alphanumeric() && !first.is_ascii() {
        return None;
    }
    let caps = MARKER.captures(text)?;
    let len = caps.get(0)?.end();
    let bullet = caps.name("bullet").and_then(|m| m.as_str().chars().next());
    let enumerator = match (caps.name("num"), caps.name("close")) {
        (Some(num), Some(close)) => {
            let num = num.as_str();
            let open_paren = caps.name("open").is_some();
            let close = match close.as_str() {
                "." => Close::Dot,
                ")" => Close::Paren,
                _ => Close::DotParen,
            };
            if open_paren && close != Close::Paren {
                return None;
            }
            let first = num.chars().next()?;
            let letter = first.is_alphabetic();
            // "A. Smith said" is an initial, not a list: capitals count only as `A)` or `(A)`.
            if first.is_uppercase() && close != Close::Paren {
                return None;
            }
            let ordinal = if letter {
                u32::from(first.to_ascii_lowercase()) - u32::from('a') + 1
            } else {
                num.parse().ok()?
            };
            Some(Enumerator {
                ordinal,
                letter,
                open_paren,
                close,
            })
        }
        _ => None,
    };
    if bullet.is_none() && enumerator.is_none() {
        return None;
    }
    let rest = &text[len..];
    let after_space = rest.trim_start();
    // "* * *" is a separator, not a list.
    if rest.len() == after_space.len() || !after_space.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Marker {
        len,
        bullet,
        enumerator,
    })
}

/// The items of a line that starts with `first`: `(marker_start, marker_end, item_end)` byte
/// offsets for each, in order.
pub fn items(line: &str, first: Marker) -> Vec<(usize, usize, usize)> {
    let mut items = Vec::new();
    let mut current = (0, first.len);
    let mut last = first;
    let mut prev_was_space = false;
    for (i, c) in line.char_indices().skip_while(|&(i, _)| i < first.len) {
        if prev_was_space
            && !c.is_whitespace()
            && let Some(next) = leading_marker(&line[i..])
            && last.is_followed_by(&next)
        {
            items.push((current.0, current.1, i));
            current = (i, i + next.len);
            last = next;
        }
        prev_was_space = c.is_whitespace();
    }
    items.push((current.0, current.1, line.len()));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<(&str, &str)> {
        let marker = leading_marker(line).expect("a list line");
        items(line, marker)
            .into_iter()
            .map(|(ms, me, end)| (&line[ms..me], line[me..end].trim()))
            .collect()
    }

    #[test]
    fn marker_styles() {
        for (line, marker) in [
            ("- Deployed troops.", "-"),
            ("• Pledged.", "•"),
            ("1. Increase funding.", "1."),
            ("12) Twelve.", "12)"),
            ("(a) First.", "(a)"),
            ("a. First.", "a."),
            ("B) Second.", "B)"),
            ("1.) First.", "1.)"),
            ("• 9. Ninth.", "• 9."),
            ("⁃9. Ninth.", "⁃9."),
        ] {
            assert_eq!(
                leading_marker(line).map(|m| &line[..m.len]),
                Some(marker),
                "{line}"
            );
        }
        for line in [
            "A. Smith said so.",
            "-5 degrees is cold.",
            "2025. A year.",
            "1.",
            "- ",
            "(1. odd",
            "The end.",
        ] {
            assert_eq!(leading_marker(line), None, "{line}");
        }
    }

    #[test]
    fn several_items_on_one_line() {
        assert_eq!(
            split("1) The first item 2) The second item"),
            [("1)", "The first item"), ("2)", "The second item")]
        );
        assert_eq!(
            split("a. The first item b. The second item c. The third"),
            [
                ("a.", "The first item"),
                ("b.", "The second item"),
                ("c.", "The third")
            ]
        );
        assert_eq!(
            split("• 9. The first item • 10. The second item"),
            [("• 9.", "The first item"), ("• 10.", "The second item")]
        );
    }

    #[test]
    fn only_the_next_number_starts_a_new_item() {
        assert_eq!(
            split("1. Cut the cap to 7,500 from 3. 100,000 before"),
            [("1.", "Cut the cap to 7,500 from 3. 100,000 before")]
        );
        assert_eq!(
            split("- The vote was 52 - 48 in favour."),
            [("-", "The vote was 52 - 48 in favour.")]
        );
    }
}
