//! How check-worthy a claim is: a logistic regression trained by
//! `scripts/train_checkworthiness.py` on ClaimBuster's labelled sentences, with GloVe word
//! vectors (see that script for sources and licences). The model ships inside the binary.
//!
//! The features are the script's, computed the same way: word 1-2 grams and character 2-5
//! grams inside words (each group TF-IDF weighted and L2-normalised), and the normalised,
//! frequency-weighted mean of the sentence's word vectors. Because the model is linear, every
//! feature's part of the score can be handed back to the word it came from: those parts are
//! the reasons a reviewer sees.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
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

/// Lower case, and every digit a 0: "7,500" and "7,600" are the same kind of claim.
fn normalise(word: &str) -> String {
    DIGIT.replace_all(&word.to_lowercase(), "0").into_owned()
}

/// A gram's inverse document frequency and weight.
#[derive(Debug, Clone, Copy)]
struct Gram {
    idf: f64,
    weight: f64,
}

struct Model {
    bias: f64,
    dims: usize,
    scale: Vec<f64>,
    embedding_weight: Vec<f64>,
    word_grams: HashMap<String, Gram>,
    char_grams: HashMap<String, Gram>,
    /// A word's row in `vectors`; rows follow GloVe's frequency order.
    vocabulary: HashMap<String, usize>,
    vectors: &'static [u8],
}

impl Model {
    fn parse(text: &str, vectors: &'static [u8]) -> Result<Model, String> {
        let mut model = Model {
            bias: 0.0,
            dims: 0,
            scale: Vec::new(),
            embedding_weight: Vec::new(),
            word_grams: HashMap::new(),
            char_grams: HashMap::new(),
            vocabulary: HashMap::new(),
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
                    let gram_weights = Gram {
                        idf: number(idf)?,
                        weight: number(weight)?,
                    };
                    let grams = if *kind == "w" {
                        &mut model.word_grams
                    } else {
                        &mut model.char_grams
                    };
                    grams.insert((*gram).to_owned(), gram_weights);
                }
                ["v", word] => {
                    let row = model.vocabulary.len();
                    model.vocabulary.insert((*word).to_owned(), row);
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
        // Gram -> the words it came from (a bigram's two words each take half).
        let mut found: HashMap<String, Sources> = HashMap::new();
        for (i, (_, word)) in words.iter().enumerate() {
            found.entry(word.clone()).or_default().push((i, 1.0));
        }
        for (i, pair) in words.windows(2).enumerate() {
            let bigram = format!("{} {}", pair[0].1, pair[1].1);
            found
                .entry(bigram)
                .or_default()
                .extend([(i, 0.5), (i + 1, 0.5)]);
        }
        let count = |sources: &[(usize, f64)]| sources.iter().map(|(_, share)| share).sum();
        add_tfidf(&self.word_grams, &found, count, parts);
    }

    fn add_char_grams(&self, words: &[(&str, String)], parts: &mut [f64]) {
        let mut found: HashMap<&str, Sources> = HashMap::new();
        let padded: Vec<String> = words.iter().map(|(_, w)| format!(" {w} ")).collect();
        for (i, word) in padded.iter().enumerate() {
            let bounds: Vec<usize> = word
                .char_indices()
                .map(|(b, _)| b)
                .chain([word.len()])
                .collect();
            let chars = bounds.len() - 1;
            for n in 2..=5 {
                if chars < n {
                    break;
                }
                for start in 0..=chars - n {
                    let gram = &word[bounds[start]..bounds[start + n]];
                    found.entry(gram).or_default().push((i, 1.0));
                }
            }
        }
        let count = |sources: &[(usize, f64)]| sources.len() as f64;
        add_tfidf(&self.char_grams, &found, count, parts);
    }

    fn add_embedding(&self, words: &[(&str, String)], parts: &mut [f64]) {
        let mut total = vec![0.0; self.dims];
        let mut weight_sum = 0.0;
        // Per word: its weight and its vector's dot product with the model's weights.
        let mut dots = Vec::new();
        for (i, (_, word)) in words.iter().enumerate() {
            let Some(&row) = self.vocabulary.get(word.as_str()) else {
                continue;
            };
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

/// Where a gram was found: each word it came from, with that word's share of it.
type Sources = Vec<(usize, f64)>;

/// Adds one feature group's TF-IDF (sublinear tf, L2-normalised over the grams the model
/// knows) times its weights to the words the grams came from.
fn add_tfidf<K: AsRef<str>>(
    model: &HashMap<String, Gram>,
    found: &HashMap<K, Sources>,
    count: impl Fn(&[(usize, f64)]) -> f64,
    parts: &mut [f64],
) {
    let known: Vec<(Gram, f64, &Sources)> = found
        .iter()
        .filter_map(|(gram, sources)| {
            let g = *model.get(gram.as_ref())?;
            let tf = 1.0 + count(sources).ln();
            Some((g, tf * g.idf, sources))
        })
        .collect();
    let norm = known.iter().map(|(_, v, _)| v * v).sum::<f64>().sqrt();
    if norm == 0.0 {
        return;
    }
    for (gram, value, sources) in known {
        let contribution = value / norm * gram.weight;
        let shares: f64 = sources.iter().map(|(_, share)| share).sum();
        for &(i, share) in sources.iter() {
            parts[i] += contribution * share / shares;
        }
    }
}

/// The words that moved the score most, either way, each once (its parts summed).
fn reasons(words: &[(&str, String)], parts: &[f64]) -> Vec<Reason> {
    let mut by_word: Vec<(String, &str, f64)> = Vec::new();
    for ((original, normal), part) in words.iter().zip(parts) {
        match by_word.iter_mut().find(|(n, _, _)| n == normal) {
            Some(entry) => entry.2 += part,
            None => by_word.push((normal.clone(), original, *part)),
        }
    }
    by_word.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    by_word
        .into_iter()
        .take(REASONS)
        .filter(|(_, _, part)| part.abs() >= 0.05)
        .map(|(_, original, part)| Reason {
            word: original.to_owned(),
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
