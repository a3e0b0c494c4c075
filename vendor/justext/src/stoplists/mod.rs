use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::sync::LazyLock;

use hashbrown::HashTable;

/// All embedded stoplists: (language_name, file_contents).
const STOPLISTS: &[(&str, &str)] = &[
    ("Afrikaans", include_str!("Afrikaans.txt")),
    ("Albanian", include_str!("Albanian.txt")),
    ("Arabic", include_str!("Arabic.txt")),
    ("Aragonese", include_str!("Aragonese.txt")),
    ("Armenian", include_str!("Armenian.txt")),
    ("Aromanian", include_str!("Aromanian.txt")),
    ("Asturian", include_str!("Asturian.txt")),
    ("Azerbaijani", include_str!("Azerbaijani.txt")),
    ("Basque", include_str!("Basque.txt")),
    ("Belarusian", include_str!("Belarusian.txt")),
    (
        "Belarusian_Taraskievica",
        include_str!("Belarusian_Taraskievica.txt"),
    ),
    ("Bengali", include_str!("Bengali.txt")),
    (
        "Bishnupriya_Manipuri",
        include_str!("Bishnupriya_Manipuri.txt"),
    ),
    ("Bosnian", include_str!("Bosnian.txt")),
    ("Breton", include_str!("Breton.txt")),
    ("Bulgarian", include_str!("Bulgarian.txt")),
    ("Catalan", include_str!("Catalan.txt")),
    ("Cebuano", include_str!("Cebuano.txt")),
    ("Chuvash", include_str!("Chuvash.txt")),
    ("Croatian", include_str!("Croatian.txt")),
    ("Czech", include_str!("Czech.txt")),
    ("Danish", include_str!("Danish.txt")),
    ("Dutch", include_str!("Dutch.txt")),
    ("English", include_str!("English.txt")),
    ("Esperanto", include_str!("Esperanto.txt")),
    ("Estonian", include_str!("Estonian.txt")),
    ("Finnish", include_str!("Finnish.txt")),
    ("French", include_str!("French.txt")),
    ("Galician", include_str!("Galician.txt")),
    ("Georgian", include_str!("Georgian.txt")),
    ("German", include_str!("German.txt")),
    ("Greek", include_str!("Greek.txt")),
    ("Gujarati", include_str!("Gujarati.txt")),
    ("Haitian", include_str!("Haitian.txt")),
    ("Hebrew", include_str!("Hebrew.txt")),
    ("Hindi", include_str!("Hindi.txt")),
    ("Hungarian", include_str!("Hungarian.txt")),
    ("Icelandic", include_str!("Icelandic.txt")),
    ("Ido", include_str!("Ido.txt")),
    ("Igbo", include_str!("Igbo.txt")),
    ("Indonesian", include_str!("Indonesian.txt")),
    ("Irish", include_str!("Irish.txt")),
    ("Italian", include_str!("Italian.txt")),
    ("Javanese", include_str!("Javanese.txt")),
    ("Kannada", include_str!("Kannada.txt")),
    ("Kazakh", include_str!("Kazakh.txt")),
    ("Korean", include_str!("Korean.txt")),
    ("Kurdish", include_str!("Kurdish.txt")),
    ("Kyrgyz", include_str!("Kyrgyz.txt")),
    ("Latin", include_str!("Latin.txt")),
    ("Latvian", include_str!("Latvian.txt")),
    ("Lithuanian", include_str!("Lithuanian.txt")),
    ("Lombard", include_str!("Lombard.txt")),
    ("Low_Saxon", include_str!("Low_Saxon.txt")),
    ("Luxembourgish", include_str!("Luxembourgish.txt")),
    ("Macedonian", include_str!("Macedonian.txt")),
    ("Malay", include_str!("Malay.txt")),
    ("Malayalam", include_str!("Malayalam.txt")),
    ("Maltese", include_str!("Maltese.txt")),
    ("Marathi", include_str!("Marathi.txt")),
    ("Neapolitan", include_str!("Neapolitan.txt")),
    ("Nepali", include_str!("Nepali.txt")),
    ("Newar", include_str!("Newar.txt")),
    ("Norwegian_Bokmal", include_str!("Norwegian_Bokmal.txt")),
    ("Norwegian_Nynorsk", include_str!("Norwegian_Nynorsk.txt")),
    ("Occitan", include_str!("Occitan.txt")),
    ("Persian", include_str!("Persian.txt")),
    ("Piedmontese", include_str!("Piedmontese.txt")),
    ("Polish", include_str!("Polish.txt")),
    ("Portuguese", include_str!("Portuguese.txt")),
    ("Quechua", include_str!("Quechua.txt")),
    ("Romanian", include_str!("Romanian.txt")),
    ("Russian", include_str!("Russian.txt")),
    ("Samogitian", include_str!("Samogitian.txt")),
    ("Serbian", include_str!("Serbian.txt")),
    ("Serbo_Croatian", include_str!("Serbo_Croatian.txt")),
    ("Sicilian", include_str!("Sicilian.txt")),
    ("Simple_English", include_str!("Simple_English.txt")),
    ("Slovak", include_str!("Slovak.txt")),
    ("Slovenian", include_str!("Slovenian.txt")),
    ("Spanish", include_str!("Spanish.txt")),
    ("Sundanese", include_str!("Sundanese.txt")),
    ("Swahili", include_str!("Swahili.txt")),
    ("Swedish", include_str!("Swedish.txt")),
    ("Tagalog", include_str!("Tagalog.txt")),
    ("Tamil", include_str!("Tamil.txt")),
    ("Telugu", include_str!("Telugu.txt")),
    ("Turkish", include_str!("Turkish.txt")),
    ("Turkmen", include_str!("Turkmen.txt")),
    ("Ukrainian", include_str!("Ukrainian.txt")),
    ("Urdu", include_str!("Urdu.txt")),
    ("Uzbek", include_str!("Uzbek.txt")),
    ("Vietnamese", include_str!("Vietnamese.txt")),
    ("Volapuk", include_str!("Volapuk.txt")),
    ("Walloon", include_str!("Walloon.txt")),
    ("Waray_Waray", include_str!("Waray_Waray.txt")),
    ("Welsh", include_str!("Welsh.txt")),
    ("West_Frisian", include_str!("West_Frisian.txt")),
    ("Western_Panjabi", include_str!("Western_Panjabi.txt")),
    ("Yoruba", include_str!("Yoruba.txt")),
];

/// Merged set of all stopwords from every language, built on first use.
static ALL_STOPLISTS: LazyLock<AllStoplists> = LazyLock::new(AllStoplists::build);

/// What a paragraph's words are looked up in.
pub trait Stoplist {
    /// Whether `word` (already lower-cased) is a stopword.
    fn contains(&self, word: &str) -> bool;
}

impl<H: std::hash::BuildHasher> Stoplist for HashSet<String, H> {
    fn contains(&self, word: &str) -> bool {
        HashSet::contains(self, word)
    }
}

/// Every language's stopwords (154,484 distinct words) in one hash table of 4-byte entries
/// pointing into the stoplist texts compiled into the binary. A `HashSet<String>` of the same
/// words took about 8.5 MB of heap, a string and a table slot for every word; this takes 1.4 (a
/// 262,144-slot table and 130 KB of lower-cased words).
pub struct AllStoplists {
    /// An entry with [`LOWERED`] set is the offset of a word in `lowered`; otherwise it is a
    /// stoplist's index in [`STOPLISTS`] (the bits above [`OFFSET_BITS`]) and the byte offset
    /// of a word's line in its text.
    table: HashTable<u32>,
    hasher: RandomState,
    /// The words whose lower case differs from the line they come from, one per line.
    lowered: String,
}

const LOWERED: u32 = 1 << 31;
const OFFSET_BITS: u32 = 24;
const OFFSET_MASK: u32 = (1 << OFFSET_BITS) - 1;

/// The word an entry of [`AllStoplists`] points to.
fn word(lowered: &str, entry: u32) -> &str {
    let rest = if entry & LOWERED != 0 {
        &lowered[(entry & !LOWERED) as usize..]
    } else {
        let (_, contents) = STOPLISTS[(entry >> OFFSET_BITS) as usize];
        &contents[(entry & OFFSET_MASK) as usize..]
    };
    rest.lines().next().unwrap_or_default().trim_end()
}

impl AllStoplists {
    fn build() -> Self {
        assert!(STOPLISTS.len() < (LOWERED >> OFFSET_BITS) as usize);
        let lines = STOPLISTS
            .iter()
            .map(|(_, contents)| contents.lines().count())
            .sum();
        let mut table = HashTable::with_capacity(lines);
        let hasher = RandomState::new();
        let mut lowered = String::new();
        for (index, (_, contents)) in STOPLISTS.iter().enumerate() {
            assert!(contents.len() <= OFFSET_MASK as usize);
            let mut start = 0;
            for line in contents.split_inclusive('\n') {
                let at = start + (line.len() - line.trim_start().len());
                start += line.len();
                let text = line.trim();
                if text.is_empty() {
                    continue;
                }
                let lower = text.to_lowercase();
                let entry = if lower == text {
                    ((index as u32) << OFFSET_BITS) | at as u32
                } else {
                    LOWERED | lowered.len() as u32
                };
                let hash = hasher.hash_one(&lower);
                let known = table.find(hash, |&e| word(&lowered, e) == lower).is_some();
                if !known {
                    if entry & LOWERED != 0 {
                        lowered.push_str(&lower);
                        lowered.push('\n');
                    }
                    table.insert_unique(hash, entry, |&e| hasher.hash_one(word(&lowered, e)));
                }
            }
        }
        assert!(lowered.len() < LOWERED as usize);
        table.shrink_to_fit(|&e| hasher.hash_one(word(&lowered, e)));
        lowered.shrink_to_fit();
        Self {
            table,
            hasher,
            lowered,
        }
    }

    /// How many distinct words the set holds.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the set holds no word.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl Stoplist for AllStoplists {
    fn contains(&self, candidate: &str) -> bool {
        self.table
            .find(self.hasher.hash_one(candidate), |&e| {
                word(&self.lowered, e) == candidate
            })
            .is_some()
    }
}

/// Parse a stoplist file: one word per line, lowercased, blank lines skipped.
fn parse_stoplist(contents: &str) -> HashSet<String> {
    contents
        .lines()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .map(|word| word.to_lowercase())
        .collect()
}

/// Return the stoplist for a given language (case-insensitive match).
///
/// Returns `Err(JustextError::UnknownLanguage)` if the language is not recognized.
pub fn get_stoplist(language: &str) -> Result<HashSet<String>, crate::error::JustextError> {
    let language_lower = language.to_lowercase();
    STOPLISTS
        .iter()
        .find(|(name, _)| name.to_lowercase() == language_lower)
        .map(|(_, contents)| parse_stoplist(contents))
        .ok_or_else(|| crate::error::JustextError::UnknownLanguage(language.to_string()))
}

/// Return the merged set of all stopwords from every language.
pub fn get_all_stoplists() -> &'static AllStoplists {
    &ALL_STOPLISTS
}

/// Return the list of available language names.
pub fn available_languages() -> Vec<&'static str> {
    STOPLISTS.iter().map(|(name, _)| *name).collect()
}
