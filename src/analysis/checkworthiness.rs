//! How check-worthy a claim is: a logistic regression trained by
//! `scripts/train_checkworthiness.py` on ClaimBuster's labelled sentences, with GloVe word
//! vectors (see that script for sources and licences). The model ships inside the binary.
//!
//! The features are the script's, computed the same way: word 1-2 grams and character 2-5
//! grams inside words (each group TF-IDF weighted and L2-normalised), and the normalised,
//! frequency-weighted mean of the sentence's word vectors. Because the model is linear, every
//! feature's part of the score can be handed back to the word it came from: those parts are
//! the reasons a reviewer sees.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The score at and above which a claim is check-worthy.
pub const THRESHOLD: f64 = 0.5;

/// How many words are given as reasons for a score.
const REASONS: usize = 5;

/// A word and how much it moved the score (in log-odds: positive raises it).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Reason {
    /// The word as the sentence writes it.
    pub word: String,
    pub weight: f64,
}

/// A claim's check-worthiness (0 to 1) and the words that weighed most in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub value: f64,
    pub reasons: Vec<Reason>,
}

/// Scores one sentence.
pub fn score(sentence: &str) -> Score {
    MODEL.score(sentence)
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\W_]+(?:['’][^\W_]+)*").expect("a valid pattern"));
static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").expect("a valid pattern"));

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    Model::parse(
        include_str!("checkworthiness.model"),
        include_bytes!("checkworthiness.vectors"),
    )
    // The file is part of the build and checked by this module's tests: a failure here is a
    // broken build, not bad input.
    .unwrap_or_else(|e| panic!("the check-worthiness model shipped with claimdesk: {e}"))
});

/// A gram's or a word's key in the model's tables (in memory only): rustc-hash's 64-bit
/// hash. The model's own grams and words are checked to have distinct keys when it loads; one
/// outside the model sharing a key with one inside (about 1 in 2^64 per pair) would only nudge
/// a score.
fn key(gram: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(gram.as_bytes());
    hasher.finish()
}

/// Lower case, and every digit a 0: "7,500" and "7,600" are the same kind of claim.
fn normalise(word: &str) -> String {
    if word.is_ascii() {
        return word
            .bytes()
            .map(|b| {
                if b.is_ascii_digit() {
                    '0'
                } else {
                    char::from(b.to_ascii_lowercase())
                }
            })
            .collect();
    }
    DIGIT.replace_all(&word.to_lowercase(), "0").into_owned()
}

/// A gram's inverse document frequency and weight (f32: the model file keeps six digits, and
/// a compact table stays in cache).
#[derive(Debug, Clone, Copy, Default)]
struct Gram {
    idf: f32,
    weight: f32,
}

/// Per-thread counting space, one slot per gram of the model, so counting a sentence's grams
/// needs neither a sort nor a map.
#[derive(Default)]
struct Scratch {
    counts: Vec<f32>,
    values: Vec<f64>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

struct Model {
    bias: f64,
    dims: usize,
    scale: Vec<f64>,
    embedding_weight: Vec<f64>,
    /// Gram (by [`key`]) -> its id in `grams`. Keyed by a 64-bit hash rather than the text,
    /// so a lookup is one probe with no pointer to chase: a sentence makes hundreds of them.
    /// Word and character grams have tables of their own (the same text can be both).
    word_grams: FxHashMap<u64, u32>,
    char_grams: FxHashMap<u64, u32>,
    grams: Vec<Gram>,
    /// A word's (by [`key`]) row in `vectors`; rows follow GloVe's frequency order. Keyed
    /// like the grams: 40,000 words as strings took 2.8 MB, as keys 1 MB.
    vocabulary: FxHashMap<u64, u32>,
    vectors: &'static [u8],
}

impl Model {
    fn parse(text: &str, vectors: &'static [u8]) -> Result<Model, String> {
        let mut model = Model {
            bias: 0.0,
            dims: 0,
            scale: Vec::new(),
            embedding_weight: Vec::new(),
            word_grams: FxHashMap::default(),
            char_grams: FxHashMap::default(),
            grams: Vec::new(),
            vocabulary: FxHashMap::default(),
            vectors,
        };
        let number = |s: &str| s.parse::<f64>().map_err(|e| format!("'{s}': {e}"));
        let numbers = |fields: &[&str]| -> Result<Vec<f64>, String> {
            fields.iter().map(|s| number(s)).collect()
        };
        for (n, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split('\t').collect();
            let bad = || format!("line {}: {line:?}", n + 1);
            match fields.as_slice() {
                [comment, ..] if comment.starts_with('#') => {}
                ["bias", value] => model.bias = number(value)?,
                ["dims", value] => model.dims = value.parse().map_err(|_| bad())?,
                ["scale", values @ ..] => model.scale = numbers(values)?,
                ["emb_weight", values @ ..] => model.embedding_weight = numbers(values)?,
                [kind @ ("w" | "c"), gram, idf, weight] => {
                    let id = u32::try_from(model.grams.len()).map_err(|_| bad())?;
                    model.grams.push(Gram {
                        idf: number(idf)? as f32,
                        weight: number(weight)? as f32,
                    });
                    let ids = if *kind == "w" {
                        &mut model.word_grams
                    } else {
                        &mut model.char_grams
                    };
                    if ids.insert(key(gram), id).is_some() {
                        return Err(format!("{}: two grams share a key", bad()));
                    }
                }
                ["v", word] => {
                    let row = u32::try_from(model.vocabulary.len()).map_err(|_| bad())?;
                    if model.vocabulary.insert(key(word), row).is_some() {
                        return Err(format!("{}: two words share a key", bad()));
                    }
                }
                ["expect", ..] => {}
                _ => return Err(bad()),
            }
        }
        if model.scale.len() != model.dims || model.embedding_weight.len() != model.dims {
            return Err(format!(
                "{} dimensions, but scale or weights differ",
                model.dims
            ));
        }
        if vectors.len() != model.vocabulary.len() * model.dims {
            return Err(format!(
                "{} bytes of vectors for {} words of {} dimensions",
                vectors.len(),
                model.vocabulary.len(),
                model.dims
            ));
        }
        Ok(model)
    }

    fn score(&self, sentence: &str) -> Score {
        let words: Vec<(&str, String)> = WORD
            .find_iter(sentence)
            .map(|m| (m.as_str(), normalise(m.as_str())))
            .collect();
        // Each word's part of the score, in log-odds.
        let mut parts = vec![0.0; words.len()];
        self.add_word_grams(&words, &mut parts);
        self.add_char_grams(&words, &mut parts);
        self.add_embedding(&words, &mut parts);
        let logit = self.bias + parts.iter().sum::<f64>();
        Score {
            value: 1.0 / (1.0 + (-logit).exp()),
            reasons: reasons(&words, &parts),
        }
    }

    fn add_word_grams(&self, words: &[(&str, String)], parts: &mut [f64]) {
        let mut hits = Vec::with_capacity(words.len() * 3);
        for (i, (_, word)) in words.iter().enumerate() {
            if let Some(&id) = self.word_grams.get(&key(word)) {
                hits.push(Hit {
                    id,
                    word: i,
                    share: 1.0,
                });
            }
        }
        // A bigram's two words each take half of it.
        let mut bigram = String::new();
        for (i, pair) in words.windows(2).enumerate() {
            bigram.clear();
            bigram.push_str(&pair[0].1);
            bigram.push(' ');
            bigram.push_str(&pair[1].1);
            if let Some(&id) = self.word_grams.get(&key(&bigram)) {
                hits.push(Hit {
                    id,
                    word: i,
                    share: 0.5,
                });
                hits.push(Hit {
                    id,
                    word: i + 1,
                    share: 0.5,
                });
            }
        }
        self.add_tfidf(&hits, parts);
    }

    fn add_char_grams(&self, words: &[(&str, String)], parts: &mut [f64]) {
        let mut hits = Vec::with_capacity(words.len() * 24);
        let mut padded = String::new();
        let mut bounds = Vec::new();
        for (i, (_, word)) in words.iter().enumerate() {
            padded.clear();
            padded.push(' ');
            padded.push_str(word);
            padded.push(' ');
            bounds.clear();
            bounds.extend(padded.char_indices().map(|(b, _)| b));
            bounds.push(padded.len());
            let chars = bounds.len() - 1;
            for n in 2..=5 {
                if chars < n {
                    break;
                }
                for start in 0..=chars - n {
                    let text = &padded[bounds[start]..bounds[start + n]];
                    if let Some(&id) = self.char_grams.get(&key(text)) {
                        hits.push(Hit {
                            id,
                            word: i,
                            share: 1.0,
                        });
                    }
                }
            }
        }
        self.add_tfidf(&hits, parts);
    }

    /// Adds one feature group's TF-IDF (sublinear tf, L2-normalised over the grams the model
    /// knows) times its weights to the words the grams came from.
    fn add_tfidf(&self, hits: &[Hit], parts: &mut [f64]) {
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch {
                counts,
                values,
                touched,
            } = scratch;
            if counts.len() < self.grams.len() {
                counts.resize(self.grams.len(), 0.0);
                values.resize(self.grams.len(), 0.0);
            }
            touched.clear();
            for hit in hits {
                let count = &mut counts[hit.id as usize];
                if *count == 0.0 {
                    touched.push(hit.id);
                }
                *count += hit.share;
            }
            let mut norm = 0.0;
            for &id in touched.iter() {
                let id = id as usize;
                let value = (1.0 + f64::from(counts[id]).ln()) * f64::from(self.grams[id].idf);
                values[id] = value;
                norm += value * value;
            }
            let norm = norm.sqrt();
            if norm > 0.0 {
                for hit in hits {
                    let id = hit.id as usize;
                    let contribution = values[id] / norm * f64::from(self.grams[id].weight);
                    parts[hit.word] += contribution * f64::from(hit.share) / f64::from(counts[id]);
                }
            }
            for &id in touched.iter() {
                counts[id as usize] = 0.0;
            }
        });
    }

    fn add_embedding(&self, words: &[(&str, String)], parts: &mut [f64]) {
        let mut total = vec![0.0; self.dims];
        let mut weight_sum = 0.0;
        // Per word: its weight and its vector's dot product with the model's weights.
        let mut dots = Vec::new();
        for (i, (_, word)) in words.iter().enumerate() {
            let Some(&row) = self.vocabulary.get(&key(word)) else {
                continue;
            };
            let row = row as usize;
            // Frequent words say little: the weight grows with the frequency rank.
            let k = (row as f64 / 50.0).ln_1p() + 0.1;
            let vector = &self.vectors[row * self.dims..(row + 1) * self.dims];
            let mut dot = 0.0;
            for (d, &byte) in vector.iter().enumerate() {
                let x = f64::from(byte as i8) * self.scale[d];
                total[d] += k * x;
                dot += x * self.embedding_weight[d];
            }
            weight_sum += k;
            dots.push((i, k, dot));
        }
        if weight_sum == 0.0 {
            return;
        }
        let norm = total.iter().map(|x| x * x).sum::<f64>().sqrt() / weight_sum;
        if norm == 0.0 {
            return;
        }
        for (i, k, dot) in dots {
            parts[i] += k * dot / (weight_sum * norm);
        }
    }
}

/// One occurrence of a gram the model knows, in the word it came from, with that word's share
/// of the occurrence (a bigram's two words take half each).
struct Hit {
    id: u32,
    word: usize,
    share: f32,
}

/// The words that moved the score most, either way, each once (its parts summed).
fn reasons(words: &[(&str, String)], parts: &[f64]) -> Vec<Reason> {
    let mut by_word: FxHashMap<&str, (usize, f64)> = FxHashMap::default();
    for (i, ((_, normal), part)) in words.iter().zip(parts).enumerate() {
        by_word.entry(normal.as_str()).or_insert((i, 0.0)).1 += part;
    }
    let mut ranked: Vec<(usize, f64)> = by_word.into_values().collect();
    ranked.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(REASONS)
        .filter(|(_, part)| part.abs() >= 0.05)
        .map(|(i, part)| Reason {
            word: words[i].0.to_owned(),
            weight: (part * 100.0).round() / 100.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_training_script() {
        let expected: Vec<(&str, f64)> = include_str!("checkworthiness.model")
            .lines()
            .filter_map(|line| line.strip_prefix("expect\t"))
            .filter_map(|rest| rest.split_once('\t'))
            .map(|(text, p)| (text, p.parse().unwrap()))
            .collect();
        assert!(expected.len() >= 4);
        for (text, p) in expected {
            let got = score(text).value;
            assert!((got - p).abs() < 1e-4, "{text}: script {p}, here {got}");
        }
    }

    #[test]
    fn figures_rank_above_pleasantries() {
        let claim = score("Unemployment fell to 3.5 percent last year, the lowest in 50 years.");
        let thanks = score("Thank you, and good evening.");
        assert!(claim.value >= THRESHOLD, "{claim:?}");
        assert!(thanks.value < THRESHOLD, "{thanks:?}");
        assert!(claim.reasons.iter().any(|r| r.weight > 0.0));
    }

    #[test]
    fn reasons_name_words_of_the_sentence() {
        let s = "The deficit tripled to $1.2 trillion in 2020.";
        for reason in score(s).reasons {
            assert!(s.contains(&reason.word), "{reason:?}");
        }
    }

    #[test]
    fn any_text_scores_between_zero_and_one() {
        for text in [
            "",
            " ",
            "…",
            "😀😀",
            "ΣΊΣΥΦΟΣ",
            "中文句子。",
            "a\u{0}b",
            "'’'",
        ] {
            let s = score(text);
            assert!((0.0..=1.0).contains(&s.value), "{text:?}: {s:?}");
        }
    }
}
