//! Sentence boundaries within one line: sentencex proposes, news rules correct.
//!
//! sentencex handles most of English well (quotes, parentheses, initials, `U.S.`). What it
//! gets wrong in news copy is mostly abbreviations that never end a sentence before what
//! follows them: ranks and titles before a name (`Sgt. First Class`), `approx.` and `No.`
//! before a number, `2 p.m. Monday`. Those cuts are removed here; a few are added or moved
//! (a four-dot ellipsis after a word ends the sentence at its first dot).

use sentencex::languages::Language;

use super::lines::is_cjk;

/// Byte offsets within `line` where a new sentence starts (never 0 or `line.len()`), in order.
/// With `lowercase_starts` (English), a plain word and a full stop end a sentence even when
/// the next one starts in lower case, as it often does in web text ("got home. it was late").
pub fn sentence_cuts(line: &str, rules: &dyn Language, lowercase_starts: bool) -> Vec<usize> {
    let abbreviation = |word: &str| rules.get_abbreviations().contains(&word.to_lowercase());
    let mut proposed: Vec<usize> = rules
        .get_sentence_boundaries(line)
        .iter()
        .map(|b| opening_quote_start(line, b.start_byte))
        .chain(extra_cuts(line))
        .chain(
            lowercase_starts
                .then(|| lowercase_cuts(line, &abbreviation))
                .into_iter()
                .flatten(),
        )
        .chain(numbered_items(line))
        .filter(|&cut| cut > 0 && cut < line.len())
        .collect();
    // sentencex keeps a quotation whole; each sentence of it is a claim of its own (the
    // speaker goes with each), so split inside it by the same rules.
    let quotes = has_quote_marks(line);
    let spans = if quotes {
        quoted_spans(line)
    } else {
        Vec::new()
    };
    for (inner_start, inner_end) in spans {
        let inner = &line[inner_start..inner_end];
        // Most quotations hold no sentence end before their last word: nothing to split.
        let inner_stop = memchr::memchr3_iter(b'.', b'!', b'?', inner.as_bytes()).any(|at| {
            let rest = &inner[at + 1..];
            let next = rest.trim_start();
            next.len() < rest.len() && next.starts_with(char::is_uppercase)
        });
        if !inner_stop {
            continue;
        }
        proposed.extend(
            rules
                .get_sentence_boundaries(inner)
                .iter()
                .map(|b| inner_start + b.start_byte)
                .filter(|&cut| cut > inner_start && cut < inner_end)
                // Inside quotes, only a capital is evidence enough of a new sentence (scripts
                // without case keep their quotations whole, as their treebanks do).
                .filter(|&cut| line[cut..].starts_with(char::is_uppercase)),
        );
    }
    // A quotation that never closes would keep every sentence after it together (sentencex
    // does not split inside quotes): past its opening mark, split as if it were not there.
    if let Some(after) = quotes.then(|| unclosed_quote(line)).flatten() {
        proposed.extend(
            rules
                .get_sentence_boundaries(&line[after..])
                .iter()
                .map(|b| after + opening_quote_start(&line[after..], b.start_byte))
                .filter(|&cut| cut > after && cut < line.len()),
        );
    }
    proposed.sort_unstable();
    proposed.dedup();
    let cuts = proposed;
    if cuts.is_empty() {
        return cuts;
    }

    // Decide each cut against the sentence as merged so far and the piece that follows.
    let mut kept: Vec<usize> = Vec::with_capacity(cuts.len());
    for (i, &cut) in cuts.iter().enumerate() {
        let prev_start = kept.last().copied().unwrap_or(0);
        let next_end = cuts.get(i + 1).copied().unwrap_or(line.len());
        let prev = line[prev_start..cut].trim();
        let next = line[cut..next_end].trim();
        // Without white space, only a capital starts a sentence ("world.Today" but not
        // "window.__xss" or "example.com").
        let joined = !line[..cut].ends_with(char::is_whitespace)
            && !line[cut..].starts_with(char::is_whitespace);
        // Chinese and Japanese put no space after a sentence: their own full stops end one.
        if joined
            && !next.starts_with(|c: char| c.is_uppercase() || is_quote(c))
            && !ends_with_ideographic_stop(prev)
        {
            continue;
        }
        let plain_end = lowercase_starts && ends_with_plain_word(prev, &abbreviation);
        match judge(prev, next, plain_end) {
            Verdict::Keep => kept.push(cut),
            Verdict::Merge => {}
            Verdict::MoveBack(by) => {
                let moved = prev_start + line[prev_start..cut].trim_end().len() - by;
                if moved > prev_start {
                    kept.push(moved);
                } else {
                    kept.push(cut);
                }
            }
        }
    }
    without_letterless_pieces(line, kept)
}

/// A piece without a letter ("2.", "—") is never a sentence: it goes with the piece after it,
/// or, ending the line, with the one before.
fn without_letterless_pieces(line: &str, cuts: Vec<usize>) -> Vec<usize> {
    let has_letter = |piece: &str| piece.chars().any(char::is_alphabetic);
    let mut kept = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for cut in cuts {
        if has_letter(&line[start..cut]) {
            kept.push(cut);
            start = cut;
        }
    }
    if !has_letter(&line[start..]) {
        kept.pop();
    }
    kept
}

/// Cuts sentencex misses, found in one pass over the line's stops:
/// - a quotation opening on a capital right after a stop (`no. "We`), which sentencex misses
///   with straight quotes;
/// - a sentence after an ellipsis closing a word (`for weeks… By Friday`); a spaced ellipsis
///   (`is . . . I`) marks an omission inside a sentence and is left alone;
/// - a sentence after a company name (`rival Castell Corp. Analysts said`): sentencex keeps
///   these together because a capital often follows `Corp.` inside a sentence (`Acme Corp.
///   Chief Executive Jane Doe`); a capital word followed by a lower-case one, and not a title,
///   starts a new sentence.
fn extra_cuts(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    // Most lines are ASCII, or hold no three-byte punctuation at all: the searches for `…`
    // and the ideographic stops are skipped for them (building a searcher costs more than
    // the line).
    let wide =
        memchr::memchr2(0xE2, 0xE3, bytes).is_some() || memchr::memchr(0xEF, bytes).is_some();
    let stops = memchr::memchr3_iter(b'.', b'!', b'?', bytes).filter_map(move |stop| {
        if let Some(cut) = quote_after(line, stop + 1) {
            return Some(cut);
        }
        if bytes[stop] != b'.' {
            return None;
        }
        let word_start = line[..stop]
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| {
                i + line[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &line[word_start..stop];
        if line[stop..].starts_with("...") && !line[stop + 3..].starts_with('.') && !word.is_empty()
        {
            return starts_new_sentence(line, stop + 3);
        }
        // Ordinary words that are also abbreviations elsewhere ("me" for Maine, "no" for
        // number) end a sentence before a capital.
        if ORDINARY_WORDS.contains(&word) {
            return starts_new_sentence(line, stop + 1);
        }
        if COMPANY_SUFFIXES.contains(&word) {
            let cut = starts_new_sentence(line, stop + 1)?;
            let mut words = line[cut..].split_whitespace();
            let first = words.next()?;
            let second = words.next()?;
            let title = COMPANY_TITLES.iter().any(|t| first.eq_ignore_ascii_case(t));
            return (!title && second.starts_with(char::is_lowercase)).then_some(cut);
        }
        None
    });
    let ellipses = wide
        .then(|| memchr::memmem::find_iter(bytes, "…".as_bytes()))
        .into_iter()
        .flatten()
        .filter_map(move |at| {
            let before = line[..at].chars().next_back()?;
            if !before.is_alphanumeric() {
                return None;
            }
            starts_new_sentence(line, at + "…".len())
        });
    // After a Chinese or Japanese full stop (and the quotes or brackets it closes) a new
    // sentence starts, whatever its first character: no space, no capital to go by.
    let ideographic = ["。", "！", "？", "｡"]
        .into_iter()
        .flat_map(move |stop| {
            wide.then(|| memchr::memmem::find_iter(bytes, stop.as_bytes()))
                .into_iter()
                .flatten()
                .map(move |at| at + stop.len())
        })
        .filter_map(move |after| {
            let rest = line[after..].trim_start_matches(|c: char| {
                matches!(
                    c,
                    '」' | '』'
                        | '）'
                        | '》'
                        | '〉'
                        | '】'
                        | '〕'
                        | '”'
                        | '’'
                        | '"'
                        | ')'
                        | '。'
                        | '！'
                        | '？'
                ) || c.is_whitespace()
            });
            (!rest.is_empty()).then(|| line.len() - rest.len())
        });
    // A sentence closed inside brackets ("(Laughter.) There is") ends at the bracket.
    let bracketed = memchr::memchr2_iter(b')', b']', bytes)
        .filter(move |&at| at > 0 && matches!(bytes[at - 1], b'.' | b'!' | b'?'))
        .filter_map(move |at| starts_new_sentence(line, at + 1));
    stops.chain(ellipses).chain(ideographic).chain(bracketed)
}

/// Whether `text` ends with a Chinese or Japanese sentence stop (possibly inside closing
/// quotes or brackets), which ends a sentence without a space after it.
fn ends_with_ideographic_stop(text: &str) -> bool {
    text.trim_end_matches(['」', '』', '）', '》', '〉', '】', '〕', '”', '’', ')', '"'])
        .ends_with(['。', '！', '？', '．', '｡', '!', '?'])
        && text.chars().any(is_cjk)
}

/// Whether `line` may hold a quotation mark: straight or TeX quotes, or the lead byte of
/// the curly, angle and CJK marks (one pass; most lines of a long text need no more).
fn has_quote_marks(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr3(b'"', b'`', 0xE2, bytes).is_some()
        || memchr::memchr2(0xC2, 0xE3, bytes).is_some()
}

/// Quotation marks that open and close unambiguously (not `‘ ’`, which are apostrophes too).
const QUOTE_PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('«', '»'),
    ('„', '“'),
    ('「', '」'),
    ('『', '』'),
];

/// The inside of every quotation in `line` (byte ranges between the marks), for the marks
/// that open and close unambiguously, and straight double quotes taken in pairs.
fn quoted_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for &(open, close) in QUOTE_PAIRS {
        let mut from = 0;
        while let Some(at) = line[from..].find(open) {
            let inner_start = from + at + open.len_utf8();
            let Some(end) = line[inner_start..].find(close) else {
                break;
            };
            spans.push((inner_start, inner_start + end));
            from = inner_start + end + close.len_utf8();
        }
    }
    let straight: Vec<usize> = line.match_indices('"').map(|(at, _)| at).collect();
    for pair in straight.chunks_exact(2) {
        spans.push((pair[0] + 1, pair[1]));
    }
    spans
}

/// Where the text after the first quotation mark that is never closed in `line` begins.
fn unclosed_quote(line: &str) -> Option<usize> {
    let mut first: Option<usize> = None;
    let mut note = |after: usize| first = Some(first.map_or(after, |f: usize| f.min(after)));
    for &(open, close) in QUOTE_PAIRS {
        // Searching for a char is a memchr; most lines hold none of these marks.
        let Some(last_open) = line.rfind(open) else {
            continue;
        };
        let last_close = line.rfind(close);
        if last_close.is_some_and(|c| c > last_open && close != open) {
            continue;
        }
        // The first opening mark after the last closing one.
        let from = last_close
            .filter(|&c| c < last_open)
            .map_or(0, |c| c + close.len_utf8());
        if let Some(at) = line[from..].find(open) {
            note(from + at + open.len_utf8());
        }
    }
    // TeX-style ``quotes'' (as some treebanks and wire copy have them).
    if let Some(last_open) = line.rfind('`').and_then(|_| line.rfind("``")) {
        let last_close = line.rfind("''");
        if last_close.is_none_or(|c| c < last_open) {
            let from = last_close.map_or(0, |c| c + 2);
            if let Some(at) = line[from..].find("``") {
                note(from + at + 2);
            }
        }
    }
    // Straight double quotes pair up; an odd one out is unclosed.
    if let Some(at) = line.rfind('"')
        && line.matches('"').count() % 2 == 1
        && at + 1 < line.len()
    {
        note(at + 1);
    }
    first.filter(|&after| after < line.len())
}

/// The offset of a quotation mark that opens on a capital after white space at `from`.
fn quote_after(line: &str, from: usize) -> Option<usize> {
    let rest = &line[from..];
    let after_space = rest.trim_start();
    if after_space.len() == rest.len() {
        return None;
    }
    let mut chars = after_space.chars();
    let quote = chars.next()?;
    let opens = matches!(quote, '"' | '“' | '‘' | '\'') && chars.next()?.is_uppercase();
    opens.then(|| line.len() - after_space.len())
}

const COMPANY_SUFFIXES: &[&str] = &["Corp", "Inc", "Co", "Ltd", "LLC", "Plc", "PLC"];

/// Lower-case words on abbreviation lists that are far more often just words.
const ORDINARY_WORDS: &[&str] = &["me", "no", "ok", "okay", "id", "us", "so", "eh", "oh"];

/// The word before a full stop, if it is a plain lower-case word (two letters or more, not an
/// abbreviation): such a word ends a sentence whatever follows.
fn ends_with_plain_word(prev: &str, abbreviation: &dyn Fn(&str) -> bool) -> bool {
    let Some(body) = prev.strip_suffix('.') else {
        return false;
    };
    if body.ends_with('.') {
        return false;
    }
    let start = body.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + body[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &body[start..];
    let before = body[..start].chars().next_back();
    word.chars().count() >= 2
        && word.chars().all(char::is_lowercase)
        && before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        && !abbreviation(word)
}

/// Cuts after a plain word and a full stop before a lower-case word ("home. it was").
fn lowercase_cuts<'a>(
    line: &'a str,
    abbreviation: &'a dyn Fn(&str) -> bool,
) -> impl Iterator<Item = usize> + 'a {
    memchr::memchr_iter(b'.', line.as_bytes()).filter_map(move |stop| {
        let rest = &line[stop + 1..];
        let next = rest.trim_start();
        if next.len() == rest.len() || !next.starts_with(char::is_lowercase) {
            return None;
        }
        ends_with_plain_word(&line[..=stop], abbreviation).then(|| line.len() - next.len())
    })
}

/// In-line numbered items, "1) open the box 2) take it out": each number from the second on
/// starts an item of its own, when the numbers run 1, 2, 3… in the line.
fn numbered_items(line: &str) -> Vec<usize> {
    let mut expected = 1;
    let mut cuts = Vec::new();
    for (at, _) in line.match_indices(')') {
        let digits = line[..at]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 || digits > 2 {
            continue;
        }
        let start = at - digits;
        let before_ok = line[..start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after_ok = line[at + 1..].starts_with(' ');
        if !before_ok || !after_ok || line[start..at].parse::<usize>() != Ok(expected) {
            continue;
        }
        if expected > 1 {
            cuts.push(start);
        }
        expected += 1;
    }
    if expected > 2 { cuts } else { Vec::new() }
}

/// Where the next word starts, if white space follows `end` and that word opens on a capital.
fn starts_new_sentence(line: &str, end: usize) -> Option<usize> {
    let rest = &line[end..];
    let next = rest.trim_start();
    (next.len() < rest.len() && next.starts_with(char::is_uppercase))
        .then(|| line.len() - next.len())
}

const COMPANY_TITLES: &[&str] = &[
    "chief",
    "chairman",
    "chairwoman",
    "president",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "head",
    "board",
    "shares",
    "stock",
];

/// Moves a cut that falls just after an opening quote mark to before it: the mark opens the
/// next sentence and must not be left at the end of the previous one.
fn opening_quote_start(line: &str, cut: usize) -> usize {
    let before = line[..cut].trim_end();
    let mut tail = before.char_indices().rev();
    match (tail.next(), tail.next()) {
        (Some((quote_at, '"' | '“' | '‘' | '\'')), Some((_, space))) if space.is_whitespace() => {
            quote_at
        }
        _ => cut,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'')
}

enum Verdict {
    Keep,
    Merge,
    /// Keep a boundary, but `n` bytes earlier: the end of `prev` belongs to `next`.
    MoveBack(usize),
}

fn judge(prev: &str, next: &str, plain_end: bool) -> Verdict {
    let Some(next_first) = next.chars().next() else {
        return Verdict::Keep;
    };
    // A sentence does not open on a dash: `SEATTLE, Wash. – Machinists voted`.
    if matches!(next_first, '–' | '—' | '-') {
        return Verdict::Merge;
    }
    // "…compounds. . . . The practice" ends at "compounds."; the ellipsis opens the next one.
    if let Some(ellipsis) = trailing_spaced_ellipsis(prev)
        && next_first.is_uppercase()
    {
        return Verdict::MoveBack(ellipsis);
    }
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or(prev);
    let last_word = last_word.trim_start_matches(['(', '[', '"', '“', '‘', '\'']);
    // Without letter case there is no capital to tell a new sentence after an ellipsis.
    if (prev.ends_with("...") || prev.ends_with('…'))
        && !next_first.is_uppercase()
        && !next_first.is_ascii_digit()
        && next_first.is_alphabetic()
    {
        return Verdict::Merge;
    }
    // Devanagari sentences end with a danda; a full stop after a word of it marks an
    // abbreviation (डॉ. for doctor).
    if last_word.ends_with('.')
        && last_word.chars().count() <= 3
        && last_word
            .chars()
            .any(|c| ('\u{0900}'..='\u{097F}').contains(&c))
    {
        return Verdict::Merge;
    }
    // A legislator's party and state, "Rep. Jim Smith, R-S.C., said", "D-W. Va.": the
    // capital after the party's letter is the state's initial, not a sentence's last word.
    if party_and_state_initial(prev) {
        return Verdict::Merge;
    }
    // Every abbreviation listed is short and ASCII; skip the lookups for anything else.
    let lower = if last_word.len() <= 10 && last_word.ends_with('.') {
        last_word.to_ascii_lowercase()
    } else {
        String::new()
    };
    let next_word = next
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");

    if PREFIX_ABBREVIATIONS.contains(&lower.as_str()) {
        return Verdict::Merge;
    }
    if NUMBER_ABBREVIATIONS.contains(&lower.as_str())
        && (next_first.is_ascii_digit() || next_first == '#' || next_first.is_lowercase())
    {
        return Verdict::Merge;
    }
    if MONTH_ABBREVIATIONS.contains(&lower.as_str()) && next_first.is_ascii_digit() {
        return Verdict::Merge;
    }
    if matches!(lower.as_str(), "a.m." | "p.m.") && continues_a_time(next_word) {
        return Verdict::Merge;
    }
    // A sentence does not start in lower case; sentencex split after an abbreviation it did
    // not know ("the Labor Dept. said").
    if next_first.is_lowercase() && prev.ends_with('.') && !prev.ends_with("..") && !plain_end {
        return Verdict::Merge;
    }
    Verdict::Keep
}

/// Does `prev` end in `, R-S.` or `(D-W.`: a party's letter (or `Ind`), a hyphen and one
/// capital with its full stop, set off after a name by a comma or a bracket ("Division I-A."
/// is not)?
fn party_and_state_initial(prev: &str) -> bool {
    let word = prev.rsplit(char::is_whitespace).next().unwrap_or(prev);
    let (set_off, word) = match word.strip_prefix('(') {
        Some(inner) => (true, inner),
        None => (
            prev[..prev.len() - word.len()].trim_end().ends_with(','),
            word,
        ),
    };
    let Some((party, initial)) = word.split_once('-') else {
        return false;
    };
    set_off
        && matches!(party, "R" | "D" | "I" | "Ind")
        && initial.len() == 2
        && initial.starts_with(|c: char| c.is_ascii_uppercase())
        && initial.ends_with('.')
}

/// For `word. . . .` at the end of `prev`, the byte length of the trailing ` . . .`.
fn trailing_spaced_ellipsis(prev: &str) -> Option<usize> {
    let body = prev.strip_suffix(". . . .")?;
    let before = body.chars().next_back()?;
    (before.is_alphanumeric()).then_some(" . . .".len())
}

/// Words that follow a clock time in the same sentence: `2 p.m. Monday`, `9 a.m. EST`.
fn continues_a_time(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ';']);
    TIME_FOLLOWERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

/// Titles and ranks: they precede a name, so a sentence never ends on one.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "mr.",
    "mrs.",
    "ms.",
    "messrs.",
    "mmes.",
    "dr.",
    "drs.",
    "prof.",
    "profs.",
    "sen.",
    "sens.",
    "rep.",
    "reps.",
    "gov.",
    "lt.",
    "gen.",
    "col.",
    "sgt.",
    "capt.",
    "maj.",
    "adm.",
    "cmdr.",
    "cdr.",
    "cpl.",
    "pvt.",
    "pfc.",
    "spc.",
    "brig.",
    "lt.gen.",
    "maj.gen.",
    "rev.",
    "msgr.",
    "fr.",
    "hon.",
    "pres.",
    "supt.",
    "det.",
    "insp.",
    "coun.",
    "cllr.",
    "ald.",
    "atty.",
    "asst.",
    "assoc.",
    "amb.",
    "sec.gen.",
    "ald.",
    "sgt.maj.",
    "1st.",
    "gov.-elect",
    "rt.",
    "mt.",
    "ft.",
];

/// Abbreviations that stand before a number or a lower-case continuation.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no.", "nos.", "approx.", "est.", "ca.", "c.", "vol.", "vols.", "pp.", "p.", "fig.", "figs.",
    "art.", "arts.", "sec.", "secs.", "ch.", "chap.", "para.", "ed.", "eds.", "op.", "rt.", "hwy.",
    "rte.", "ave.", "apt.", "ste.", "bldg.", "dept.", "univ.", "inc.", "corp.", "co.", "ltd.",
    "bros.", "vs.", "v.", "etc.", "al.", "cf.", "e.g.", "i.e.", "viz.", "min.", "max.", "avg.",
    "tel.", "ext.", "dist.", "div.", "gov't.",
];

const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
];

const TIME_FOLLOWERS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "local",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "mt",
    "mst",
    "mdt",
    "pt",
    "pst",
    "pdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "eastern",
    "central",
    "mountain",
    "pacific",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "on",
    "and",
    "or",
    "to",
    "until",
    "through",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for cut in sentence_cuts(line, &sentencex::languages::English {}, true)
            .into_iter()
            .chain([line.len()])
        {
            out.push(line[start..cut].trim());
            start = cut;
        }
        out
    }

    #[test]
    fn ranks_and_titles_never_end_a_sentence() {
        assert_eq!(
            split("Sgt. First Class John Smith, 34, died Tuesday. He was buried Friday."),
            [
                "Sgt. First Class John Smith, 34, died Tuesday.",
                "He was buried Friday."
            ]
        );
        // Canadian and British councillors.
        assert_eq!(
            split("The line opened late. Coun. Marisa Tedesco said so. Cllr. Ann Roe agreed."),
            [
                "The line opened late.",
                "Coun. Marisa Tedesco said so.",
                "Cllr. Ann Roe agreed."
            ]
        );
        // And Chicago's aldermen.
        assert_eq!(
            split("It passed. “It is a start,” said Ald. Tamika Rhodes, who sponsored it."),
            [
                "It passed.",
                "“It is a start,” said Ald. Tamika Rhodes, who sponsored it."
            ]
        );
    }

    #[test]
    fn clock_times_continue_into_days() {
        assert_eq!(
            split(
                "The meeting starts at 2 p.m. Monday in the capital. It ended at 4 p.m. The vote follows."
            ),
            [
                "The meeting starts at 2 p.m. Monday in the capital.",
                "It ended at 4 p.m.",
                "The vote follows."
            ]
        );
    }

    #[test]
    fn approx_and_no_before_numbers() {
        assert_eq!(
            split("The company has approx. 3,000 employees. It ranks No. 2 in Ohio."),
            [
                "The company has approx. 3,000 employees.",
                "It ranks No. 2 in Ohio."
            ]
        );
    }

    #[test]
    fn company_abbreviations_can_still_end_a_sentence() {
        assert_eq!(
            split("He works for Acme Inc. The firm declined to comment."),
            ["He works for Acme Inc.", "The firm declined to comment."]
        );
    }

    #[test]
    fn an_opening_quote_starts_the_next_sentence() {
        assert_eq!(
            split(r#"He said no. "We will fight," she added. 'Single.' Then silence."#),
            [
                "He said no.",
                r#""We will fight," she added."#,
                "'Single.'",
                "Then silence."
            ]
        );
        assert_eq!(
            split(
                "He left. “I'm done,” he said. “Nobody listens. Nobody cares.” Then he walked out."
            ),
            [
                "He left.",
                "“I'm done,” he said.",
                "“Nobody listens.",
                "Nobody cares.”",
                "Then he walked out."
            ]
        );
    }

    #[test]
    fn each_sentence_of_a_quotation_is_its_own() {
        // GUM and EWT split quotations so; each quoted sentence is a claim of its speaker.
        assert_eq!(
            split("“We were all citizens. No one helped us. I was afraid,” she said."),
            [
                "“We were all citizens.",
                "No one helped us.",
                "I was afraid,” she said."
            ]
        );
        // A quotation that never closes does not swallow what follows it.
        assert_eq!(
            split("The paper ``Herald'' said ``nothing. It closed. The staff left."),
            [
                "The paper ``Herald'' said ``nothing.",
                "It closed.",
                "The staff left."
            ]
        );
        // A sentence closed inside brackets ends there.
        assert_eq!(
            split("Thank you. (Laughter.) There is a painting on my wall."),
            [
                "Thank you.",
                "(Laughter.)",
                "There is a painting on my wall."
            ]
        );
    }

    #[test]
    fn english_web_text_recall() {
        // From EWT-style web text: sentences opening in lower case after a plain word.
        assert_eq!(
            split("we got there around noon. it was already packed. e.g. nobody sat."),
            [
                "we got there around noon.",
                "it was already packed.",
                "e.g. nobody sat."
            ]
        );
        // Ordinary words that are also abbreviations.
        assert_eq!(
            split("Call me. I will be there. He said no. Then he left."),
            [
                "Call me.",
                "I will be there.",
                "He said no.",
                "Then he left."
            ]
        );
        // A legislator's party and state; a team's division is no party.
        assert_eq!(
            split(
                "Rep. David McKinley, R-W. Va., visited the border. Rep. Jim Smith, R-S.C., \
                 agreed. Sen. Ann Doe (D-N.Y.) spoke. Rep. Al Roe, R-W.Va., left. They play \
                 in Division I-A. Then he left."
            ),
            [
                "Rep. David McKinley, R-W. Va., visited the border.",
                "Rep. Jim Smith, R-S.C., agreed.",
                "Sen. Ann Doe (D-N.Y.) spoke.",
                "Rep. Al Roe, R-W.Va., left.",
                "They play in Division I-A.",
                "Then he left."
            ]
        );
        // Abbreviations still hold: the lower-case rule needs a plain word.
        assert_eq!(
            split("The Labor Dept. said so. It costs approx. three dollars."),
            [
                "The Labor Dept. said so.",
                "It costs approx. three dollars."
            ]
        );
        // In-line numbered items.
        assert_eq!(
            split("To apply: 1) fill in the form 2) send it 3) wait."),
            ["To apply: 1) fill in the form", "2) send it", "3) wait."]
        );
    }

    #[test]
    fn chinese_and_japanese_sentences_end_at_their_stops() {
        let split_in = |text: &str, tag: &str| -> Vec<String> {
            let rules = crate::segment::Language::parse(tag).unwrap().rules();
            let mut out = Vec::new();
            let mut start = 0;
            for cut in sentence_cuts(text, rules.as_ref(), false)
                .into_iter()
                .chain([text.len()])
            {
                out.push(text[start..cut].trim().to_owned());
                start = cut;
            }
            out
        };
        assert_eq!(
            split_in(
                "2008年，該工程並未完工。1956年，首次推行改革。「好。」他說。",
                "zh-Hant"
            ),
            [
                "2008年，該工程並未完工。",
                "1956年，首次推行改革。",
                "「好。」",
                "他說。"
            ]
        );
        assert_eq!(
            split_in(
                "興行収入は32億円。でも、ロビー？2008年に入り、提携した。",
                "ja"
            ),
            [
                "興行収入は32億円。",
                "でも、ロビー？",
                "2008年に入り、提携した。"
            ]
        );
    }

    #[test]
    fn company_names_can_end_a_sentence() {
        assert_eq!(
            split(
                "It followed rival Castell Corp. Analysts said demand is weak. Acme Corp. Chief Executive Jane Doe agreed."
            ),
            [
                "It followed rival Castell Corp.",
                "Analysts said demand is weak.",
                "Acme Corp. Chief Executive Jane Doe agreed."
            ]
        );
    }

    #[test]
    fn an_ellipsis_after_a_word_can_end_a_sentence() {
        assert_eq!(
            split("Talks dragged on for weeks… By Friday, both sides left. He said ... well, no."),
            [
                "Talks dragged on for weeks…",
                "By Friday, both sides left.",
                "He said ... well, no."
            ]
        );
    }

    #[test]
    fn datelines_with_state_abbreviations() {
        assert_eq!(
            split("SEATTLE, Wash. – Machinists voted Sunday. It ended the strike."),
            [
                "SEATTLE, Wash. – Machinists voted Sunday.",
                "It ended the strike."
            ]
        );
    }

    #[test]
    fn no_sentence_starts_inside_a_word() {
        assert_eq!(
            split(
                "Officials said <script>window.__xss = 1</script> nothing happened. Hello world.Today is Tuesday."
            ),
            [
                "Officials said <script>window.__xss = 1</script> nothing happened.",
                "Hello world.",
                "Today is Tuesday."
            ]
        );
    }

    #[test]
    fn four_dot_ellipsis_after_a_word() {
        assert_eq!(
            split(
                "It was weakened . . . was that of compounds. . . . The practice was not abandoned. . . ."
            ),
            [
                "It was weakened . . . was that of compounds.",
                ". . . The practice was not abandoned. . . ."
            ]
        );
    }
}
