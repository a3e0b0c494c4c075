//! News-aware segmentation: an article body in, its structure and claims out.
//!
//! Sentence boundaries within a line come from the `sentencex` crate. Around it sits what a
//! news page needs that a general segmenter does not know: every line break ends a segment,
//! list markers are structure and not claim text, and lines without sentence-final punctuation
//! (headlines, "Leave a Reply") are kept as article structure but are not claims.
//!
//! Invariant: the segments appear in order, never overlap, and together cover every
//! non-whitespace character of the input; `start`/`end` count Unicode code points, so
//! `body.chars().skip(start).take(end - start)` is the segment's text.

mod boundaries;
mod kind;
mod language;
mod lines;
mod lists;
mod slicer;

use serde::Serialize;

pub use kind::SegmentKind;
pub use language::Language;
pub use slicer::{CharSlicer, stored_offset};

/// One piece of the article: its text is always a verbatim slice of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub kind: SegmentKind,
    /// Offset of the first code point.
    pub start: usize,
    /// Offset one past the last code point.
    pub end: usize,
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
}

/// Splits an English article body into segments. See the module documentation for the
/// guarantees.
pub fn segment(text: &str) -> Vec<Segment<'_>> {
    segment_in(text, &Language::english())
}

/// Splits an article body written in `language` into segments.
///
/// Lines are independent, so a long text is cut into runs of lines segmented on all cores
/// (a 10 MB text in a fraction of the time); an article of ordinary length stays on the
/// calling thread.
pub fn segment_in<'a>(text: &'a str, language: &Language) -> Vec<Segment<'a>> {
    segment_placed(text, language, &[])
}

/// [`segment_in`] for a text whose lines came from a page's blocks: `prose[i]` says whether
/// the `i`-th non-blank line was running text there (a paragraph, a list item). Such a line
/// is a sentence even without a final stop (an embedded post, a list of dates), where a line
/// of plain text would be taken for a heading.
pub fn segment_placed<'a>(text: &'a str, language: &Language, prose: &[bool]) -> Vec<Segment<'a>> {
    use rayon::prelude::*;
    let lines = content_lines(text);
    let marker = |i: usize| {
        lines
            .get(i)
            .and_then(|&(start, end)| lists::leading_marker(&text[start..end]))
    };
    let runs = runs_of_lines(text, &lines);
    let segment_run = |&(first, last, cursor): &(usize, usize, CharCursor)| {
        let mut out = Segmenter {
            text,
            rules: language.rules(),
            lowercase_starts: language.starts_sentences_in_lower_case(),
            segments: Vec::with_capacity((last - first) * 2),
            cursor,
        };
        let mut this = marker(first);
        for (i, &(start, end)) in lines.iter().enumerate().take(last).skip(first) {
            let next = marker(i + 1);
            let is_prose = prose.get(i).copied().unwrap_or(false);
            out.line(start, end, this, next.is_some(), is_prose);
            this = next;
        }
        out.segments
    };
    if runs.len() == 1 {
        return segment_run(&runs[0]);
    }
    runs.par_iter().map(segment_run).flatten_iter().collect()
}

/// Bytes of text per run of lines segmented on one core.
const RUN_BYTES: usize = 256 * 1024;

/// The text's lines in runs of about [`RUN_BYTES`]: `(first line, end line, where the run
/// starts)` — with the code point count at its start, so offsets stay absolute.
fn runs_of_lines(text: &str, lines: &[(usize, usize)]) -> Vec<(usize, usize, CharCursor)> {
    let mut runs = Vec::new();
    let mut cursor = CharCursor::default();
    let mut first = 0;
    for (i, &(start, _)) in lines.iter().enumerate() {
        if i > first && start - lines[first].0 >= RUN_BYTES {
            runs.push((first, i, cursor));
            cursor.char_offset(text, start);
            first = i;
        }
    }
    runs.push((first, lines.len(), cursor));
    runs
}

/// Only the segments that are claims, in order.
pub fn claims(text: &str) -> impl Iterator<Item = Segment<'_>> {
    segment(text).into_iter().filter(|s| s.kind.is_claim())
}

struct Segmenter<'a> {
    text: &'a str,
    rules: Box<dyn sentencex::languages::Language>,
    /// See [`Language::starts_sentences_in_lower_case`].
    lowercase_starts: bool,
    segments: Vec<Segment<'a>>,
    cursor: CharCursor,
}

impl<'a> Segmenter<'a> {
    /// Segments one line, given as the byte range of its non-whitespace content.
    fn line(
        &mut self,
        start: usize,
        end: usize,
        marker: Option<lists::Marker>,
        next_is_list_item: bool,
        is_prose: bool,
    ) {
        let line = &self.text[start..end];
        if let Some(marker) = marker {
            for (marker_start, marker_end, item_end) in lists::items(line, marker) {
                self.push(
                    SegmentKind::ListMarker,
                    start + marker_start,
                    start + marker_end,
                );
                self.sentences(start + marker_end, start + item_end, SegmentKind::ListItem);
            }
            return;
        }
        if let Some(kind) = lines::classify_placed(line, is_prose) {
            self.push(kind, start, end);
            return;
        }
        let first = self.segments.len();
        self.sentences(start, end, SegmentKind::Sentence);
        if next_is_list_item
            && let Some(last) = self.segments[first..].last_mut()
            && last.text.ends_with(':')
        {
            last.kind = SegmentKind::LeadIn;
        }
    }

    /// Splits `start..end` into trimmed sentences of `kind`. The pieces between cuts are
    /// contiguous, so nothing but white space can fall between two sentences.
    fn sentences(&mut self, start: usize, end: usize, kind: SegmentKind) {
        let text = &self.text[start..end];
        let mut piece_start = 0;
        let cuts = boundaries::sentence_cuts(text, self.rules.as_ref(), self.lowercase_starts);
        for cut in cuts.into_iter().chain([text.len()]) {
            let piece = &text[piece_start..cut];
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                let s = start + piece_start + (piece.len() - piece.trim_start().len());
                // Only a piece that is the whole of its line can lack a letter ("2.", "—"):
                // it is not a claim.
                let kind = if trimmed.chars().any(char::is_alphabetic) {
                    kind
                } else {
                    SegmentKind::Boilerplate
                };
                self.push(kind, s, s + trimmed.len());
            }
            piece_start = cut;
        }
    }

    fn push(&mut self, kind: SegmentKind, byte_start: usize, byte_end: usize) {
        let start = self.cursor.char_offset(self.text, byte_start);
        let end = self.cursor.char_offset(self.text, byte_end);
        self.segments.push(Segment {
            text: &self.text[byte_start..byte_end],
            kind,
            start,
            end,
            byte_start,
            byte_end,
        });
    }
}

/// Converts increasing byte offsets to code point offsets in one pass over the text.
#[derive(Default, Clone, Copy)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn char_offset(&mut self, text: &str, byte: usize) -> usize {
        debug_assert!(byte >= self.byte, "segments are produced in order");
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The characters that end a line: every one of them ends a segment.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The byte ranges of every line's non-whitespace content, blank lines left out. Line breaks
/// are `\n`, `\r`, vertical tab, form feed, NEL, and the Unicode line and paragraph
/// separators; the scan is over bytes, as every one of them starts with a byte that never
/// occurs inside another character.
fn content_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let break_len = match bytes[i] {
            b'\n' | b'\r' | 0x0B | 0x0C => 1,
            0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                3
            }
            _ => 0,
        };
        if break_len > 0 {
            push_trimmed(text, line_start, i, &mut lines);
            i += break_len;
            line_start = i;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, line_start, text.len(), &mut lines);
    lines
}

fn push_trimmed(text: &str, start: usize, end: usize, lines: &mut Vec<(usize, usize)>) {
    let line = &text[start..end];
    let trimmed = line.trim();
    if !trimmed.is_empty() {
        let lead = line.len() - line.trim_start().len();
        lines.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(text: &str) -> Vec<(SegmentKind, &str)> {
        segment(text)
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect()
    }

    fn assert_offsets_consistent(text: &str) {
        let chars: Vec<char> = text.chars().collect();
        for s in segment(text) {
            let by_chars: String = chars[s.start..s.end].iter().collect();
            assert_eq!(by_chars, s.text);
            assert_eq!(&text[s.byte_start..s.byte_end], s.text);
        }
    }

    /// Everything that is not whitespace lands in exactly one segment, in order.
    fn assert_covers(text: &str) {
        let covered: String = segment(text)
            .iter()
            .flat_map(|s| s.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(covered, expected);
    }

    #[test]
    fn every_line_break_ends_a_segment() {
        use SegmentKind::*;
        assert_eq!(
            kinds_and_texts(
                "One claim here.\nAnother one\nwithout a period in a long line that keeps going on and on for many words past twenty."
            ),
            [
                (Sentence, "One claim here."),
                (Heading, "Another one"),
                (
                    Sentence,
                    "without a period in a long line that keeps going on and on for many words past twenty."
                ),
            ]
        );
    }

    #[test]
    fn headings_and_boilerplate_are_not_claims() {
        let text = "Global Push to Restrict Migration\nThe cable was sent.\nLeave a Reply\nAdvertisement\nShare this:\nReporting by Jane Doe; Editing by John Roe.";
        let claims: Vec<_> = claims(text).map(|s| s.text).collect();
        assert_eq!(claims, ["The cable was sent."]);
        let kinds: Vec<_> = segment(text).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Heading,
                SegmentKind::Sentence,
                SegmentKind::Boilerplate,
                SegmentKind::Boilerplate,
                SegmentKind::Boilerplate,
                SegmentKind::Boilerplate,
            ]
        );
    }

    #[test]
    fn list_items_are_claims_without_their_markers() {
        use SegmentKind::*;
        let text = "Since taking office, he has:\n- Deployed troops.\n• Pledged deportations.\n2. Cut the cap to 7,500.\n a) Raised tariffs.";
        assert_eq!(
            kinds_and_texts(text),
            [
                (LeadIn, "Since taking office, he has:"),
                (ListMarker, "-"),
                (ListItem, "Deployed troops."),
                (ListMarker, "•"),
                (ListItem, "Pledged deportations."),
                (ListMarker, "2."),
                (ListItem, "Cut the cap to 7,500."),
                (ListMarker, "a)"),
                (ListItem, "Raised tariffs."),
            ]
        );
        assert_offsets_consistent(text);
    }

    #[test]
    fn a_colon_without_a_list_after_it_is_an_ordinary_sentence() {
        let text = "The cable reads as follows and it is quite long indeed for a heading to be, really it is:\nWe encourage your government to act.";
        let kinds: Vec<_> = segment(text).into_iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SegmentKind::Sentence, SegmentKind::Sentence]);
    }

    #[test]
    fn dateline_stays_in_the_first_sentence() {
        let text = "WASHINGTON, Nov. 27, 2025 – The administration has instructed U.S. diplomats to lobby. The directive cites crime.";
        let texts: Vec<_> = claims(text).map(|s| s.text).collect();
        assert_eq!(
            texts,
            [
                "WASHINGTON, Nov. 27, 2025 – The administration has instructed U.S. diplomats to lobby.",
                "The directive cites crime."
            ]
        );
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let text = "Ünïcödé 😀 claim one.\r\n<b>Markup</b> & “quotes” stay. Last — one!";
        assert_offsets_consistent(text);
        let segs = segment(text);
        assert_eq!(segs[0].start, 0);
        assert_eq!(segs[0].text, "Ünïcödé 😀 claim one.");
        assert_eq!(segs[0].end, 20);
        assert_eq!(segs[1].text, "<b>Markup</b> & “quotes” stay.");
        assert_eq!(segs[1].start, 22);
    }

    #[test]
    fn bylines_and_separators() {
        use SegmentKind::*;
        assert_eq!(
            kinds_and_texts("By Jane Doe and John Roe\n* * *\nIt rained."),
            [
                (Byline, "By Jane Doe and John Roe"),
                (Boilerplate, "* * *"),
                (Sentence, "It rained.")
            ]
        );
    }

    #[test]
    fn a_capitalised_initial_is_not_a_list_marker() {
        let texts: Vec<_> = claims("J. Smith said the cable was real.")
            .map(|s| s.text)
            .collect();
        assert_eq!(texts, ["J. Smith said the cable was real."]);
    }

    #[test]
    fn sample_article_gives_its_claims() {
        let text = include_str!("../../examples/state-department-cable.txt");
        assert_covers(text);
        assert_offsets_consistent(text);
        let segs = segment(text);
        let count = |kind| segs.iter().filter(|s| s.kind == kind).count();
        assert_eq!(count(SegmentKind::Sentence), 12);
        assert_eq!(count(SegmentKind::ListItem), 3);
        assert_eq!(count(SegmentKind::Heading), 3);
        assert_eq!(count(SegmentKind::Boilerplate), 1);
        assert_eq!(count(SegmentKind::LeadIn), 1);
    }

    #[test]
    fn lines_in_other_scripts_are_sentences_or_headings_by_their_own_punctuation() {
        let kinds_in = |text: &str, tag: &str| -> Vec<SegmentKind> {
            segment_in(text, &Language::parse(tag).unwrap())
                .into_iter()
                .map(|s| s.kind)
                .collect()
        };
        use SegmentKind::*;
        // Short lines ending in the danda, the Urdu full stop, the Arabic question mark.
        assert_eq!(kinds_in("यह सच है।", "hi"), [Sentence]);
        assert_eq!(kinds_in("یہ سچ ہے۔", "ur"), [Sentence]);
        assert_eq!(kinds_in("هل هذا صحيح؟", "ar"), [Sentence]);
        assert_eq!(kinds_in("Դա ճիշտ է։", "hy"), [Sentence]);
        // Chinese without a stop: a short line is a heading, a long one a sentence.
        assert_eq!(kinds_in("移民政策", "zh"), [Heading]);
        assert_eq!(
            kinds_in(
                "國務院指示外交官遊說外國政府限制移民並說明相關的犯罪和人權問題以及其他許多相關的事項和後續的安排與計畫",
                "zh"
            ),
            [Sentence]
        );
    }

    #[test]
    fn a_piece_without_a_letter_is_never_a_claim() {
        let texts: Vec<_> = claims("It rose 4%. 2. The next step is set.")
            .map(|s| s.text)
            .collect();
        assert_eq!(texts, ["It rose 4%.", "2. The next step is set."]);
        assert_eq!(claims("2.").count(), 0);
        assert_eq!(claims("— 42 —").count(), 0);
    }

    #[test]
    fn the_byte_scanner_breaks_lines_exactly_where_is_line_break_says() {
        for c in [
            '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}', ' ', 'é', '\u{2027}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(content_lines(&text).len() == 2, is_line_break(c), "{c:?}");
        }
    }

    #[test]
    fn covers_all_text_of_awkward_inputs() {
        for text in [
            "",
            "   \n\n  ",
            "-",
            "- ",
            "1.",
            "no punctuation at all",
            "Dr. Who? Yes. \u{2028}Mr. Smith Jr. went to Washington, D.C. on Jan. 5. He left.",
            "“Quoted.” He said. ‘Nested “quote.”’",
            "a\u{85}b\u{2029}c\rd",
            "...",
            "😀😀😀. 😀!",
        ] {
            assert_covers(text);
            assert_offsets_consistent(text);
        }
    }
}
