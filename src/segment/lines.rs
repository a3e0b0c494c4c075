//! Whole-line kinds: what a line is when it is not running text.

use std::sync::LazyLock;

use regex::Regex;

use super::kind::SegmentKind;

/// Headings are short; a long line without a full stop is a sentence that lost its period.
const MAX_HEADING_WORDS: usize = 20;
const MAX_DATELINE_WORDS: usize = 12;
const MAX_BOILERPLATE_BYTES: usize = 240;

/// The kind of a whole line that is structure rather than sentences, or `None` for running
/// text. `line` is trimmed and holds no line break.
pub fn classify(line: &str) -> Option<SegmentKind> {
    if !line.chars().any(char::is_alphanumeric) {
        // Separators such as "* * *" or "———".
        return Some(SegmentKind::Boilerplate);
    }
    // Page furniture is short; long lines are prose and skip the pattern.
    if line.len() <= MAX_BOILERPLATE_BYTES && BOILERPLATE.is_match(line) {
        return Some(SegmentKind::Boilerplate);
    }
    // A line ending in a colon introduces what follows: it is a sentence (or a list's lead-in).
    if ends_sentence(line) || line.ends_with(':') {
        return None;
    }
    if BYLINE.is_match(line) {
        return Some(SegmentKind::Byline);
    }
    let words = line.split_whitespace().count();
    if words <= MAX_DATELINE_WORDS && is_dateline(line) {
        return Some(SegmentKind::Dateline);
    }
    (length_in_words(line) <= MAX_HEADING_WORDS).then_some(SegmentKind::Heading)
}

/// Fewest words for an unpunctuated line of running text to be a sentence: shorter ones
/// ("Advertisement", "Read more") are page furniture even inside a paragraph.
const MIN_PROSE_WORDS: usize = 3;

/// [`classify`] for a line that a page wrote as running text (`is_prose`): what would be a
/// heading by its punctuation alone is a sentence there.
pub fn classify_placed(line: &str, is_prose: bool) -> Option<SegmentKind> {
    match classify(line) {
        Some(SegmentKind::Heading) if is_prose && length_in_words(line) >= MIN_PROSE_WORDS => None,
        kind => kind,
    }
}

/// How long a line is in words, for scripts written without spaces too: a run of Chinese or
/// Japanese characters counts one word for every two characters (about what a word is in
/// those scripts), so a long unpunctuated line of Chinese is prose, not a heading.
fn length_in_words(line: &str) -> usize {
    let mut words = 0;
    for word in line.split_whitespace() {
        let unspaced = word.chars().filter(|&c| is_unspaced_script(c)).count();
        words += 1 + unspaced / 2;
    }
    words
}

/// Chinese and Japanese characters: ideographs, hiragana and katakana.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}') // CJK compatibility ideographs
}

/// Characters of scripts that do not separate words with spaces.
fn is_unspaced_script(c: char) -> bool {
    is_cjk(c)
        || matches!(c,
        '\u{0E00}'..='\u{0E7F}' // Thai
        | '\u{0E80}'..='\u{0EFF}' // Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{20000}'..='\u{2FA1F}')
}

/// Characters that end a sentence in the scripts claimdesk reads: Latin and Greek
/// punctuation, the ideographic and fullwidth stops of Chinese and Japanese, the danda of
/// Indic scripts, the Urdu and Arabic stops and question mark, the Armenian, Ethiopic and
/// Myanmar stops.
pub const SENTENCE_ENDS: &[char] = &[
    '.', '!', '?', '…', '‽', '‼', '⁇', '⁈', '⁉', '\u{037E}', '。', '！', '？', '．', '｡', '।', '॥',
    '۔', '؟', '։', '።', '፧', '፨', '။',
];

/// Whether `line` ends the way a sentence does, looking past closing quotes and brackets.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches([
        '"', '\'', '”', '’', '»', ')', ']', '*', '_', '」', '』', '）', '》', '〉', '】', '〕', '›',
    ])
    .ends_with(SENTENCE_ENDS)
}

/// Page furniture, matched against a whole line.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            leave\ a\ (?:reply|comment)
          | (?:\d+\ )?comments?
          | share(?:\ this(?:\ (?:article|story|page))?|\ on\ \w+)?
          | advertisement | sponsored(?:\ content)? | ad | promoted
          | related(?:\ (?:articles|stories|coverage|content|reading|links|topics))?(?::.*)?
          | (?:read|see)\ (?:more|next|also)\b.*
          | more\ (?:on\ this\ story|from\ \w+).*
          | (?:subscribe|sign\ up|click\ here|follow\ us|log\ ?in\ to|download\ our)\b.*
          | (?:additional\ )?(?:reporting|editing|writing|compiled|graphics)\ by\b.*
          | all\ rights\ reserved
          | (?:©|\(c\)|copyright\b).*
          | (?:posted\ in|filed\ under|tags?:|categories:|topics:).*
          | print | email | tweet | skip\ to\ (?:main\ )?content | back\ to\ top
        )[\s:.!…]*$",
    )
    .expect("boilerplate pattern")
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:by)\s+\p{Lu}[\p{L}.'’-]*(?:(?:\s+|,\s*|\s*\|\s*)(?:and\s+)?\p{Lu}[\p{L}.'’-]*){0,8}$",
    )
    .expect("byline pattern")
});

/// `WASHINGTON (Reuters) -`, `LONDON, March 3 (AP) —`: a place in capitals, closed by a dash
/// or an agency.
fn is_dateline(line: &str) -> bool {
    let caps = line.chars().take_while(|c| c.is_uppercase()).count();
    caps >= 2 && (line.ends_with(['-', '–', '—']) || line.ends_with(')'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SegmentKind::*;

    #[test]
    fn running_text_of_a_page_is_a_sentence_without_a_stop() {
        let dates = "Nov. 5 – Chicago, United Center";
        assert_eq!(classify(dates), Some(Heading));
        assert_eq!(classify_placed(dates, true), None);
        // Furniture stays furniture, and a short line stays out of the claims.
        assert_eq!(classify_placed("Read more", true), classify("Read more"));
        assert_eq!(classify_placed("Local news", true), Some(Heading));
        assert_eq!(classify_placed("By Ann Lee", true), classify("By Ann Lee"));
        assert_eq!(classify_placed(dates, false), Some(Heading));
    }

    #[test]
    fn kinds_of_lines() {
        for (line, kind) in [
            ("Leave a Reply", Some(Boilerplate)),
            (
                "Reporting by Jane Doe; Editing by John Roe.",
                Some(Boilerplate),
            ),
            ("Share this:", Some(Boilerplate)),
            ("Advertisement", Some(Boilerplate)),
            (
                "© 2025 Example Media. All rights reserved.",
                Some(Boilerplate),
            ),
            ("Related: Senate passes budget", Some(Boilerplate)),
            ("* * *", Some(Boilerplate)),
            ("By Jane Doe and John Roe", Some(Byline)),
            ("By JANE DOE, Reuters", Some(Byline)),
            ("WASHINGTON (Reuters) -", Some(Dateline)),
            ("LONDON, March 3 (AP) —", Some(Dateline)),
            ("State Department Response", Some(Heading)),
            ("Subscribers rose 20% last year.", None),
            ("Since taking office, he has:", None),
            ("The cable was sent Friday.", None),
            ("He said “no.”", None),
        ] {
            assert_eq!(classify(line), kind, "{line}");
        }
    }
}
