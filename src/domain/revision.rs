//! Re-anchoring claims when an article's text is revised: which new sentence is which old
//! claim, and whether its verdict still holds.
//!
//! A verdict was made on a sentence's words. So a sentence found again word for word keeps
//! its claim (moved or not); a close match keeps the claim's id and history but is flagged
//! for a re-check, because a verdict on "7,500" says nothing about "7,600"; a sentence split
//! in two, or two merged, becomes new claims derived from the old ones; what is left over is
//! removed (old) or added (new). The only edits carried without a flag are those that cannot
//! change what a sentence claims: spacing, and the correction of a misspelt common word (one
//! letter, in a lowercase word that is no number, negation or quantity).

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::article::reads_as_html;
use super::validation::{Errors, FieldError, optional_text};
use crate::html;

/// The most a revision's note holds.
pub const MAX_REVISION_NOTE_CHARS: usize = 2000;

/// A new text for an article, as a client sends it.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RevisionInput {
    /// The article's whole new text (or page).
    #[serde(default)]
    pub body: Option<String>,
    /// `text` (the default) or `html`, as at import.
    #[serde(default)]
    pub format: Option<String>,
    /// What changed and why ("Corrected the number of crossings").
    #[serde(default)]
    pub note: Option<String>,
}

/// A new text that meets every rule; the body kept byte for byte, as at import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewText {
    pub body: String,
    /// For a body read from HTML, which lines were running text (see [`NewArticle`](super::NewArticle)).
    pub prose_lines: Vec<bool>,
    pub note: Option<String>,
}

impl NewText {
    pub fn parse(input: RevisionInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mut body = input.body.unwrap_or_default();
        let mut prose_lines = Vec::new();
        match reads_as_html(input.format.as_deref(), &body) {
            Err(message) => errors.add("format", message),
            Ok(_) if body.trim().is_empty() => {
                errors.add("body", "must contain the article's new text");
            }
            Ok(true) => {
                let page = html::extract(&body);
                if page.text.is_empty() {
                    errors.add(
                        "body",
                        "the HTML holds no readable text (paragraphs, headings, lists)",
                    );
                }
                body = page.text;
                prose_lines = page.prose;
            }
            Ok(false) => {}
        }
        let note = optional_text(
            &mut errors,
            "note",
            input.note.as_deref(),
            MAX_REVISION_NOTE_CHARS,
        );
        errors.finish(NewText {
            body,
            prose_lines,
            note,
        })
    }
}

/// What became of one sentence of the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// The old claim at this index, its text the same (or changed in nothing a verdict rests
    /// on): id, status, version and history kept.
    Carried(usize),
    /// The old claim at this index, edited: id and history kept, flagged for a re-check.
    Changed(usize),
    /// A new claim made of these old ones (a split or a merge); they are removed.
    Derived(Vec<usize>),
    /// A new claim.
    Added,
}

/// How a new text's claims relate to the old ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matching {
    /// One per new sentence, in order.
    pub fates: Vec<Fate>,
    /// Indexes of the old claims that have no place in the new text (including those split
    /// or merged into new ones), in order.
    pub removed: Vec<usize>,
}

/// The counts a revision reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RevisionCounts {
    pub carried: i64,
    pub changed: i64,
    pub added: i64,
    pub removed: i64,
}

impl Matching {
    pub fn counts(&self) -> RevisionCounts {
        let mut counts = RevisionCounts {
            removed: self.removed.len() as i64,
            ..Default::default()
        };
        for fate in &self.fates {
            match fate {
                Fate::Carried(_) => counts.carried += 1,
                Fate::Changed(_) => counts.changed += 1,
                Fate::Derived(_) | Fate::Added => counts.added += 1,
            }
        }
        counts
    }
}

/// A close match needs this much of both sentences in common (Dice over words)...
const CLOSE: f64 = 0.6;
/// ...or nearly all of the shorter one inside the longer (a clause added or cut), with
/// this much in common overall.
const CONTAINED: f64 = 0.85;
const CONTAINED_DICE: f64 = 0.4;
/// A split or merge: the pieces together match the whole this well.
const PIECES: f64 = 0.75;
/// The most sentences one is split into, or merged from.
const MAX_PIECES: usize = 4;

/// Matches the claims of a new text (`new`, in order) to the old ones (`old`, in order).
pub fn match_claims(old: &[&str], new: &[&str]) -> Matching {
    let mut fates: Vec<Option<Fate>> = vec![None; new.len()];
    let mut old_taken = vec![false; old.len()];

    // 1. The same sentence anywhere: first unclaimed occurrence, in order.
    let mut by_text: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, text) in old.iter().enumerate() {
        by_text.entry(spaced(text)).or_default().push_back(i);
    }
    for (j, text) in new.iter().enumerate() {
        if let Some(i) = by_text.get_mut(&spaced(text)).and_then(VecDeque::pop_front) {
            fates[j] = Some(Fate::Carried(i));
            old_taken[i] = true;
        }
    }

    let old_words: Vec<Vec<String>> = old.iter().map(|t| words(t)).collect();
    let new_words: Vec<Vec<String>> = new.iter().map(|t| words(t)).collect();

    // 2. Splits and merges, before close matches: half of a split sentence would otherwise
    //    pass for an edit of the whole.
    let mut groups: Vec<(f64, Vec<usize>, Vec<usize>)> = Vec::new();
    for i in (0..old.len()).filter(|&i| !old_taken[i]) {
        for run in runs(|j| fates[j].is_none(), new.len()) {
            if let Some(score) = pieces_score(&old_words[i], &run, &new_words) {
                groups.push((score, vec![i], run));
            }
        }
    }
    for j in (0..new.len()).filter(|&j| fates[j].is_none()) {
        for run in runs(|i| !old_taken[i], old.len()) {
            if let Some(score) = pieces_score(&new_words[j], &run, &old_words) {
                groups.push((score, run, vec![j]));
            }
        }
    }
    groups.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, olds, news) in groups {
        if olds.iter().any(|&i| old_taken[i]) || news.iter().any(|&j| fates[j].is_some()) {
            continue;
        }
        // A piece that is, on its own, a close match of the whole is an edit, not a split.
        let edit_scores = olds
            .iter()
            .flat_map(|&i| news.iter().map(move |&j| (i, j)))
            .any(|(i, j)| similarity(&old_words[i], &new_words[j]).is_some_and(|s| s >= 0.9));
        if edit_scores {
            continue;
        }
        for &i in &olds {
            old_taken[i] = true;
        }
        for &j in &news {
            fates[j] = Some(Fate::Derived(olds.clone()));
        }
    }

    // 3. Close matches: the most alike pairs first, nearer positions breaking ties.
    let mut pairs: Vec<(f64, usize, usize, usize)> = Vec::new();
    let index = WordIndex::new(&old_words, &old_taken);
    for j in (0..new.len()).filter(|&j| fates[j].is_none()) {
        for i in index.candidates(&new_words[j]) {
            if let Some(score) = similarity(&old_words[i], &new_words[j]) {
                let distance = relative(i, old.len()).abs_diff(relative(j, new.len()));
                pairs.push((score, distance, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, i, j) in pairs {
        if old_taken[i] || fates[j].is_some() {
            continue;
        }
        old_taken[i] = true;
        fates[j] = Some(if only_spelling(old[i], new[j]) {
            Fate::Carried(i)
        } else {
            Fate::Changed(i)
        });
    }

    let fates: Vec<Fate> = fates
        .into_iter()
        .map(|f| f.unwrap_or(Fate::Added))
        .collect();
    let mut kept = vec![false; old.len()];
    for fate in &fates {
        if let Fate::Carried(i) | Fate::Changed(i) = fate {
            kept[*i] = true;
        }
    }
    Matching {
        fates,
        removed: (0..old.len()).filter(|&i| !kept[i]).collect(),
    }
}

/// How a piece of an edited sentence fared, for showing the edit word by word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordChange {
    Kept,
    Deleted,
    Inserted,
}

impl WordChange {
    pub fn as_str(self) -> &'static str {
        match self {
            WordChange::Kept => "kept",
            WordChange::Deleted => "deleted",
            WordChange::Inserted => "inserted",
        }
    }
}

/// The edit from `old` to `new`, word by word (spaces and punctuation kept with the words),
/// runs of the same change joined.
pub fn word_changes(old: &str, new: &str) -> Vec<(WordChange, String)> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out: Vec<(WordChange, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => WordChange::Kept,
            similar::ChangeTag::Delete => WordChange::Deleted,
            similar::ChangeTag::Insert => WordChange::Inserted,
        };
        match out.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(change.value()),
            _ => out.push((kind, change.value().to_owned())),
        }
    }
    out
}

/// Text with its runs of whitespace made one space: re-wrapping a paragraph moves no claim.
fn spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where an index sits in its list, in thousandths: sentences that kept their place in a
/// grown or shrunk article are near each other.
fn relative(index: usize, len: usize) -> usize {
    index * 1000 / len.max(1)
}

/// Runs of 2 to [`MAX_PIECES`] consecutive free items.
fn runs(free: impl Fn(usize) -> bool, len: usize) -> impl Iterator<Item = Vec<usize>> {
    let starts: Vec<usize> = (0..len).filter(|&k| free(k)).collect();
    let mut out = Vec::new();
    for start in starts {
        let mut run = vec![start];
        for k in start + 1..len.min(start + MAX_PIECES) {
            if !free(k) {
                break;
            }
            run.push(k);
            out.push(run.clone());
        }
    }
    out.into_iter()
}

/// How well `pieces` (consecutive sentences of the other text) make up `whole`: `None`
/// unless together they match it closely and each piece is mostly made of its words.
fn pieces_score(whole: &[String], pieces: &[usize], words: &[Vec<String>]) -> Option<f64> {
    let joined: Vec<String> = pieces.iter().flat_map(|&k| words[k].clone()).collect();
    let together = dice(whole, &joined);
    if together < PIECES {
        return None;
    }
    let each_inside = pieces.iter().all(|&k| {
        let piece = &words[k];
        !piece.is_empty() && common(whole, piece) as f64 >= 0.6 * piece.len() as f64
    });
    each_inside.then_some(together)
}

/// How alike two sentences are when they are close enough to be one claim edited.
fn similarity(a: &[String], b: &[String]) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let shared = common(a, b) as f64;
    let dice = 2.0 * shared / (a.len() + b.len()) as f64;
    let shorter = a.len().min(b.len());
    let contained = shorter >= 3 && shared / shorter as f64 >= CONTAINED && dice >= CONTAINED_DICE;
    (dice >= CLOSE || contained).then_some(dice)
}

fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// The words two sentences have in common, in order (longest common subsequence).
fn common(a: &[String], b: &[String]) -> usize {
    similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

/// The words of a sentence as matching compares them: numbers whole with their separators
/// ("7,500", "3.5"), each Han, kana or Hangul character a word of its own (those scripts
/// write no spaces), everything else runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        let joins_number = matches!(c, ',' | '.' | ':' | '/')
            && current.chars().last().is_some_and(|p| p.is_ascii_digit())
            && chars.get(k + 1).is_some_and(char::is_ascii_digit);
        if is_unspaced_script(c) {
            flush(&mut current, &mut out);
            out.push(c.to_string());
        } else if c.is_alphanumeric() || joins_number {
            current.push(c);
        } else {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x2FA1F)
}

/// Whether `new` differs from `old` only by misspellings corrected: the same words, but for
/// some each replaced by one at one edit (a letter added, dropped, changed or two swapped),
/// all lowercase letters, five or more, and none a word a verdict may rest on.
fn only_spelling(old: &str, new: &str) -> bool {
    let (a, b) = (words(old), words(new));
    if a.len() != b.len() {
        return false;
    }
    // Punctuation that changes what is claimed ("?" for ".", quotation marks) is a change.
    let marks = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .collect()
    };
    if marks(old) != marks(new) {
        return false;
    }
    a.iter()
        .zip(&b)
        .all(|(x, y)| x == y || is_spelling_fix(x, y))
}

fn is_spelling_fix(a: &str, b: &str) -> bool {
    let plain = |w: &str| w.chars().count() >= 5 && w.chars().all(|c| c.is_lowercase());
    plain(a)
        && plain(b)
        && strsim::osa_distance(a, b) == 1
        && !WEIGHTY.contains(&a)
        && !WEIGHTY.contains(&b)
}

/// Words whose change a verdict may rest on even when they are one letter apart from
/// another word ("million"/"billion", "never"/"ever").
const WEIGHTY: &[&str] = &[
    "never",
    "neither",
    "nobody",
    "nothing",
    "nowhere",
    "cannot",
    "without",
    "hardly",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    "percent",
    "three",
    "seven",
    "eight",
    "fifty",
    "sixty",
    "ninety",
    "fifteen",
    "sixteen",
    "eighteen",
    "first",
    "third",
    "fewer",
    "lesser",
    "least",
    "larger",
    "lower",
    "higher",
    "rises",
    "risen",
    "raised",
    "rose",
    "fell",
    "falls",
    "increase",
    "decrease",
    "increased",
    "decreased",
    "before",
    "after",
    "legal",
    "illegal",
];

/// Old claims that share a word with a sentence, so that only those are compared with it.
struct WordIndex<'a> {
    postings: HashMap<&'a str, Vec<usize>>,
}

impl<'a> WordIndex<'a> {
    fn new(words: &'a [Vec<String>], taken: &[bool]) -> Self {
        let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, ws) in words.iter().enumerate().filter(|(i, _)| !taken[*i]) {
            for w in ws {
                let list = postings.entry(w.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        WordIndex { postings }
    }

    /// Old claims sharing at least a third of the sentence's distinct words.
    fn candidates(&self, sentence: &[String]) -> Vec<usize> {
        let mut distinct: Vec<&str> = sentence.iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in &distinct {
            for &i in self.postings.get(w).map_or(&[][..], Vec::as_slice) {
                *shared.entry(i).or_default() += 1;
            }
        }
        let needed = distinct.len().div_ceil(3).max(1);
        let mut found: Vec<usize> = shared
            .into_iter()
            .filter(|&(_, n)| n >= needed)
            .map(|(i, _)| i)
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fates(old: &[&str], new: &[&str]) -> (Vec<Fate>, Vec<usize>) {
        let m = match_claims(old, new);
        (m.fates, m.removed)
    }

    #[test]
    fn words_keep_numbers_whole_and_split_unspaced_scripts() {
        assert_eq!(
            words("About 7,500 people, 3.5%."),
            ["About", "7,500", "people", "3.5"]
        );
        assert_eq!(words("東京都"), ["東", "京", "都"]);
    }

    #[test]
    fn the_same_sentence_moved_is_carried() {
        let (f, r) = fates(&["A is one.", "B is two."], &["B is two.", "A is one."]);
        assert_eq!(f, [Fate::Carried(1), Fate::Carried(0)]);
        assert!(r.is_empty());
    }

    #[test]
    fn a_number_changed_is_changed_never_carried() {
        let (f, _) = fates(
            &["The cable said 7,500 migrants crossed in May."],
            &["The cable said 7,600 migrants crossed in May."],
        );
        assert_eq!(f, [Fate::Changed(0)]);
    }

    #[test]
    fn a_spelling_fix_is_carried_but_not_a_negation_or_a_name() {
        let old = ["The goverment said the plan would work."];
        assert_eq!(
            fates(&old, &["The government said the plan would work."]).0,
            [Fate::Carried(0)]
        );
        assert_eq!(
            fates(&old, &["The goverment said the plan would not work."]).0,
            [Fate::Changed(0)]
        );
        assert_eq!(
            fates(
                &["Mr Smithe said the plan would work."],
                &["Mr Smith said the plan would work."]
            )
            .0,
            [Fate::Changed(0)]
        );
        assert_eq!(
            fates(
                &["It cost a million dollars, officials said."],
                &["It cost a billion dollars, officials said."]
            )
            .0,
            [Fate::Changed(0)]
        );
    }

    #[test]
    fn a_split_and_a_merge_derive_new_claims() {
        let old = [
            "The cable warned of a surge in crossings, and officials said the border would stay open.",
        ];
        let new = [
            "The cable warned of a surge in crossings.",
            "Officials said the border would stay open.",
        ];
        let (f, r) = fates(&old, &new);
        assert_eq!(f, [Fate::Derived(vec![0]), Fate::Derived(vec![0])]);
        assert_eq!(r, [0]);
        let (f, r) = fates(&new, &old);
        assert_eq!(f, [Fate::Derived(vec![0, 1])]);
        assert_eq!(r, [0, 1]);
    }

    #[test]
    fn unrelated_sentences_are_removed_and_added() {
        let (f, r) = fates(
            &["The minister resigned on Tuesday."],
            &["Rain is expected across the north tomorrow."],
        );
        assert_eq!(f, [Fate::Added]);
        assert_eq!(r, [0]);
    }

    #[test]
    fn an_edit_reads_word_by_word() {
        let changes = word_changes("About 7,500 crossed.", "About 7,600 crossed.");
        let shown: Vec<(&str, &str)> = changes
            .iter()
            .map(|(k, t)| (k.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("kept", "About "),
                ("deleted", "7,500"),
                ("inserted", "7,600"),
                ("kept", " crossed.")
            ]
        );
    }

    #[test]
    fn a_clause_added_is_a_change() {
        let (f, _) = fates(
            &["He denied the report."],
            &["He denied the report, calling it a fabrication by rivals."],
        );
        assert_eq!(f, [Fate::Changed(0)]);
    }

    /// Random edits of a real article: a sentence is carried only with its own words, no
    /// old claim goes to two sentences, sentences left alone are always carried, and one
    /// with a number changed is never carried.
    mod properties {
        use super::*;
        use proptest::prelude::*;

        const SAMPLE: &[&str] = &[
            "The Trump administration has instructed U.S. diplomats abroad to lobby foreign governments against pro-migration policies.",
            "The directive cites concerns about violent crimes and human rights abuses allegedly linked to migrants.",
            "The cable, sent last Friday to dozens of U.S. embassies, instructs diplomats to monitor and report incidents.",
            "Diplomats are also tasked with pushing governments to reform their asylum systems.",
            "The State Department said 7,500 people were affected in 2024.",
            "Critics said the move was unprecedented, and several ambassadors objected.",
            "“This is a political campaign,” a former official said.",
            "The department did not respond to a request for comment.",
        ];

        /// A sentence of the new text: its origin in the old (index, whether edited).
        #[derive(Debug, Clone)]
        struct Line {
            text: String,
            origin: Option<(usize, bool)>,
            number_changed: bool,
        }

        #[derive(Debug, Clone)]
        enum Edit {
            Delete(usize),
            Insert(usize),
            Swap(usize, usize),
            Number(usize),
            Word(usize),
        }

        fn edit() -> impl Strategy<Value = Edit> {
            prop_oneof![
                (0..16usize).prop_map(Edit::Delete),
                (0..16usize).prop_map(Edit::Insert),
                (0..16usize, 0..16usize).prop_map(|(a, b)| Edit::Swap(a, b)),
                (0..16usize).prop_map(Edit::Number),
                (0..16usize).prop_map(Edit::Word),
            ]
        }

        fn apply(lines: &mut Vec<Line>, edit: &Edit, n: usize) {
            let at = |i: usize, len: usize| i % len.max(1);
            match *edit {
                Edit::Delete(i) if lines.len() > 1 => {
                    lines.remove(at(i, lines.len()));
                }
                Edit::Insert(i) => lines.insert(
                    at(i, lines.len() + 1),
                    Line {
                        text: format!("Officials confirmed {} new cases on day {n}.", n * 3 + 1),
                        origin: None,
                        number_changed: false,
                    },
                ),
                Edit::Swap(a, b) => {
                    let len = lines.len();
                    lines.swap(at(a, len), at(b, len));
                }
                Edit::Number(i) => {
                    let len = lines.len();
                    let line = &mut lines[at(i, len)];
                    if let Some(k) = line.text.find(|c: char| c.is_ascii_digit()) {
                        let d = line.text.as_bytes()[k] - b'0';
                        line.text
                            .replace_range(k..k + 1, &((d + 1) % 10).to_string());
                        line.number_changed = true;
                        if let Some((_, edited)) = &mut line.origin {
                            *edited = true;
                        }
                    }
                }
                Edit::Word(i) => {
                    let len = lines.len();
                    let line = &mut lines[at(i, len)];
                    line.text = line.text.replacen(' ', " reportedly ", 1);
                    if let Some((_, edited)) = &mut line.origin {
                        *edited = true;
                    }
                }
                Edit::Delete(_) => {}
            }
        }

        proptest! {
            #[test]
            fn verdicts_stay_with_their_words(edits in proptest::collection::vec(edit(), 1..8)) {
                let mut lines: Vec<Line> = SAMPLE
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Line { text: (*t).to_owned(), origin: Some((i, false)), number_changed: false })
                    .collect();
                for (n, e) in edits.iter().enumerate() {
                    apply(&mut lines, e, n);
                }
                let new: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
                let m = match_claims(SAMPLE, &new);
                let mut used = vec![false; SAMPLE.len()];
                for (line, fate) in lines.iter().zip(&m.fates) {
                    match fate {
                        Fate::Carried(i) | Fate::Changed(i) => {
                            prop_assert!(!used[*i], "old claim {} placed twice", i);
                            used[*i] = true;
                            if matches!(fate, Fate::Carried(_)) {
                                prop_assert_eq!(SAMPLE[*i], line.text.as_str());
                            } else {
                                prop_assert_ne!(SAMPLE[*i], line.text.as_str());
                            }
                        }
                        Fate::Derived(_) | Fate::Added => {}
                    }
                    if line.number_changed {
                        prop_assert!(!matches!(fate, Fate::Carried(_)), "{:?}", line);
                    }
                    if let Some((i, false)) = line.origin {
                        prop_assert_eq!(fate, &Fate::Carried(i), "{:?}", line);
                    }
                    if let Some((i, true)) = line.origin {
                        prop_assert!(matches!(fate, Fate::Changed(j) if *j == i), "{:?} {:?}", line, fate);
                    }
                }
                for i in &m.removed {
                    prop_assert!(!used[*i]);
                }
                prop_assert_eq!(m.removed.len() + used.iter().filter(|u| **u).count(), SAMPLE.len());
            }
        }
    }
}
