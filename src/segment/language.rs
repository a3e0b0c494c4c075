//! An article's language: a BCP 47 tag, given or detected, which picks the sentence rules.

use serde::Serialize;

/// A well-formed BCP 47 language tag, kept in its canonical case (`en`, `pt-BR`, `zh-Hant`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Language(String);

impl Language {
    pub fn english() -> Self {
        Language("en".to_owned())
    }

    /// `und`: text too short (or too mixed) to tell; read with English rules.
    pub fn undetermined() -> Self {
        Language("und".to_owned())
    }

    /// Reads a tag as a client sends it; the error says what is wrong with it.
    /// The language of a stored article: its tag, or undetermined should the tag no longer
    /// parse (a hand-edited database), so reading an article never fails on it.
    pub fn stored(tag: &str) -> Self {
        Self::parse(tag).unwrap_or_else(|_| Self::undetermined())
    }

    pub fn parse(tag: &str) -> Result<Self, String> {
        let trimmed = tag.trim();
        let parsed = language_tags::LanguageTag::parse(trimmed)
            .map_err(|e| format!("'{trimmed}' is not a BCP 47 language tag ({e}); use one such as en, de, pt-BR or zh-Hant"))?;
        if parsed.primary_language().len() > 3 {
            return Err(format!(
                "'{trimmed}' has no ISO 639 language; use one such as en, de, pt-BR or zh-Hant"
            ));
        }
        let canonical = parsed
            .canonicalize()
            .map_err(|e| format!("'{trimmed}' is not a usable language tag ({e})"))?;
        Ok(Language(canonical.to_string()))
    }

    /// The language `text` is most likely written in, when it can tell (a few words of
    /// anything are not enough to go on).
    pub fn detect(text: &str) -> Option<Self> {
        // The first 4 KB say as much as the whole article, at a fraction of the cost.
        let mut end = text.len().min(4096);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let info = whatlang::detect(&text[..end])?;
        if !info.is_reliable() && info.confidence() < 0.5 {
            return None;
        }
        let tag = match info.lang() {
            // Chinese script decides the written variant readers expect.
            whatlang::Lang::Cmn => match info.script() {
                whatlang::Script::Mandarin if is_traditional(&text[..end]) => "zh-Hant",
                _ => "zh",
            },
            other => iso_639_1(other.code())?,
        };
        Some(Language(tag.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lower case (`pt` of `pt-BR`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or("en")
    }

    /// Whether a sentence may open in lower case after a plain word and a full stop: English
    /// web text does so often enough to split there (and `und` is read as English).
    pub fn starts_sentences_in_lower_case(&self) -> bool {
        matches!(self.primary(), "en" | "und")
    }

    /// The sentence rules for this language (sentencex's own, or the closest it has).
    pub(super) fn rules(&self) -> Box<dyn sentencex::languages::Language> {
        sentencex::language_factory(&self.primary().to_ascii_lowercase())
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether Chinese text uses traditional characters, by a handful of the commonest
/// characters that differ between the two.
fn is_traditional(text: &str) -> bool {
    let count = |set: &str| text.chars().filter(|c| set.contains(*c)).count();
    count("這個們來說時會為國學對裡過後還發經") > count("这个们来说时会为国学对里过后还发经")
}

/// ISO 639-1 for the ISO 639-3 codes whatlang reports.
fn iso_639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "bel" => "be",
        "bul" => "bg",
        "srp" => "sr",
        "hrv" => "hr",
        "slv" => "sl",
        "slk" => "sk",
        "ces" => "cs",
        "pol" => "pl",
        "ron" => "ro",
        "hun" => "hu",
        "fin" => "fi",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "ell" => "el",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "urd" => "ur",
        "hin" => "hi",
        "ben" => "bn",
        "mar" => "mr",
        "guj" => "gu",
        "pan" => "pa",
        "tam" => "ta",
        "tel" => "te",
        "kan" => "kn",
        "mal" => "ml",
        "sin" => "si",
        "nep" => "ne",
        "mya" => "my",
        "khm" => "km",
        "tha" => "th",
        "vie" => "vi",
        "ind" => "id",
        "jav" => "jv",
        "tgl" => "tl",
        "jpn" => "ja",
        "kor" => "ko",
        "kat" => "ka",
        "hye" => "hy",
        "amh" => "am",
        "aze" => "az",
        "uzb" => "uz",
        "cat" => "ca",
        "afr" => "af",
        "epo" => "eo",
        "lat" => "la",
        "zul" => "zu",
        "sna" => "sn",
        "aka" => "ak",
        "yid" => "yi",
        "tuk" => "tk",
        "ori" => "or",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_canonical() {
        assert_eq!(Language::parse("en").unwrap().as_str(), "en");
        assert_eq!(Language::parse("pt-br").unwrap().as_str(), "pt-BR");
        assert_eq!(Language::parse("zh-hant").unwrap().primary(), "zh");
        assert!(Language::parse("english please").is_err());
        assert!(Language::parse("").is_err());
    }

    #[test]
    fn languages_are_detected_from_their_text() {
        let cases = [
            (
                "The State Department instructed diplomats to lobby foreign governments on migration.",
                "en",
            ),
            (
                "Das Außenministerium wies die Diplomaten an, bei ausländischen Regierungen zu werben.",
                "de",
            ),
            (
                "Le département d'État a demandé aux diplomates de faire pression sur les gouvernements.",
                "fr",
            ),
            (
                "国务院指示外交官游说外国政府限制移民，这份电报于周五发出。",
                "zh",
            ),
            (
                "國務院指示外交官遊說外國政府限制移民，這份電報於週五發出，我們會說明。",
                "zh-Hant",
            ),
            (
                "国務省は外交官に対し、移民を制限するよう外国政府に働きかけるよう指示した。",
                "ja",
            ),
        ];
        for (text, tag) in cases {
            assert_eq!(
                Language::detect(text).map(|l| l.to_string()).as_deref(),
                Some(tag),
                "{text}"
            );
        }
        assert_eq!(Language::detect("OK"), None);
    }
}
