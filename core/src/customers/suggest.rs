//! Scored suggestions for the records no identifier joins: Fellegi–Sunter
//! record linkage on names, date of birth and address.
//!
//! Candidate pairs come from blocking keys (records that share a surname,
//! a date of birth, a postcode…), so the work stays near-linear. Each
//! compared attribute agrees exactly, closely, differs or is missing; its
//! m and u probabilities (how often it agrees so among matches, among
//! non-matches) are given or estimated by expectation–maximisation on the
//! candidate pairs. A pair's score is the sum of log2(m/u) over its
//! attributes. Suggestions go to a person as evidence: nothing here merges.

use super::record::CustomerRecord;
use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// How one attribute is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// Equal, close (Jaro–Winkler ≥ 0.9, or an initial), or different.
    Name,
    /// Equal, close (Jaro–Winkler ≥ 0.9), or different.
    Text,
    /// A date by its digits: equal, close (one digit off, or day and month
    /// swapped), or different.
    Date,
    /// Equal or different.
    Exact,
}

/// One compared attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ScoringField")]
pub struct FieldRule {
    /// The attribute's name on the records.
    pub attribute: String,
    /// How it is compared.
    pub compare: Compare,
    /// Its m probabilities (exact, close, different) among matches, if
    /// known; estimated with `u` otherwise.
    #[serde(default)]
    pub m: Option<[f64; 3]>,
    /// Its u probabilities among non-matches, if known.
    #[serde(default)]
    pub u: Option<[f64; 3]>,
}

impl FieldRule {
    /// An m or u triple from a list, as a binding whose language has no
    /// fixed-size arrays receives one: exactly three probabilities (exact,
    /// close, different), else `INVALID_ARGUMENT` naming
    /// `scoring.fields[<field>].<name>`.
    pub fn levels(field: usize, name: &str, values: &[f64]) -> Result<[f64; 3]> {
        <[f64; 3]>::try_from(values).map_err(|_| {
            Error::invalid_argument(
                format!("scoring.fields[{field}].{name}"),
                format!("{} values", values.len()),
                "three probabilities (exact, close, different) summing to 1",
            )
        })
    }
}

/// A blocking key: the first `prefix` characters of each attribute
/// (all of it when none), joined; records sharing a key are compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockingPart {
    /// The attribute.
    pub attribute: String,
    /// How many characters of it (all when none).
    #[serde(default)]
    pub prefix: Option<usize>,
}

/// What is compared, how records are blocked, and which suggestions are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Scoring {
    /// The compared attributes.
    pub fields: Vec<FieldRule>,
    /// Blocking keys: a pair is a candidate when it shares any of them.
    pub blocking: Vec<Vec<BlockingPart>>,
    /// A block with more records than this is not compared (a common
    /// surname would make the work quadratic); its pairs may still meet
    /// through another key.
    pub max_block: usize,
    /// Suggestions with at least this match probability are made.
    pub min_probability: f64,
    /// The share of candidate pairs that match, when known (else estimated).
    pub prior: Option<f64>,
}

impl Default for Scoring {
    /// Names, date of birth and address attributes as Seamline's customer
    /// records name them (`given_name`, `surname`, `date_of_birth`,
    /// `street_number`, `address_1`, `address_2`, `suburb`, `postcode`,
    /// `state`), blocked by surname, given name, date of birth and postcode.
    fn default() -> Self {
        let field = |attribute: &str, compare| FieldRule {
            attribute: attribute.into(),
            compare,
            m: None,
            u: None,
        };
        let key = |parts: &[(&str, Option<usize>)]| {
            parts
                .iter()
                .map(|(a, p)| BlockingPart {
                    attribute: a.to_string(),
                    prefix: *p,
                })
                .collect()
        };
        Scoring {
            fields: vec![
                field("given_name", Compare::Name),
                field("surname", Compare::Name),
                field("date_of_birth", Compare::Date),
                field("street_number", Compare::Exact),
                field("address_1", Compare::Text),
                field("address_2", Compare::Text),
                field("suburb", Compare::Text),
                field("postcode", Compare::Exact),
                field("state", Compare::Exact),
            ],
            blocking: vec![
                key(&[("surname", None)]),
                key(&[("given_name", None)]),
                key(&[("date_of_birth", None)]),
                key(&[("postcode", None), ("given_name", Some(1))]),
            ],
            max_block: 200,
            min_probability: 0.5,
            prior: None,
        }
    }
}

/// Agreement levels, in the order of `m` and `u`.
const LEVELS: [&str; 3] = ["exact", "close", "different"];
/// A missing value: no evidence either way.
const MISSING: u8 = 3;
/// Probabilities are kept inside (0, 1) so every log ratio is finite.
const FLOOR: f64 = 1e-6;
/// EM stops when no probability moves more than this, or after `ROUNDS`.
const CONVERGED: f64 = 1e-9;
const ROUNDS: usize = 200;

impl Scoring {
    /// Checks the rules: at least one field and one blocking key, every
    /// attribute named, probabilities within (0, 1) and each triple summing
    /// to 1, `min_probability` and `prior` within [0, 1], `max_block` ≥ 2.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: String, value: String, reason: &str| {
            Err(Error::invalid_argument(
                format!("scoring.{field}"),
                value,
                reason,
            ))
        };
        if self.fields.is_empty() || self.fields.len() > 32 {
            return bad(
                "fields".into(),
                self.fields.len().to_string(),
                "needs 1 to 32 fields",
            );
        }
        for (i, f) in self.fields.iter().enumerate() {
            if f.attribute.trim().is_empty() {
                return bad(
                    format!("fields[{i}].attribute"),
                    "\"\"".into(),
                    "names an attribute",
                );
            }
            for (name, p) in [("m", f.m), ("u", f.u)] {
                if let Some(p) = p {
                    let sum: f64 = p.iter().sum();
                    if p.iter().any(|x| !(0.0..=1.0).contains(x)) || (sum - 1.0).abs() > 1e-6 {
                        return bad(
                            format!("fields[{i}].{name}"),
                            format!("{p:?}"),
                            "three probabilities (exact, close, different) summing to 1",
                        );
                    }
                }
            }
            if f.m.is_some() != f.u.is_some() {
                return bad(
                    format!("fields[{i}]"),
                    f.attribute.clone(),
                    "give both m and u, or neither",
                );
            }
        }
        if self.blocking.is_empty() || self.blocking.iter().any(Vec::is_empty) {
            return bad(
                "blocking".into(),
                self.blocking.len().to_string(),
                "needs non-empty keys",
            );
        }
        if self.max_block < 2 {
            return bad(
                "max_block".into(),
                self.max_block.to_string(),
                "must be at least 2",
            );
        }
        for (name, p) in [
            ("min_probability", Some(self.min_probability)),
            ("prior", self.prior),
        ] {
            if let Some(p) = p {
                if !(0.0..=1.0).contains(&p) {
                    return bad(name.into(), p.to_string(), "must be within 0 and 1");
                }
            }
        }
        Ok(())
    }
}

/// How one attribute of a suggested pair compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The attribute.
    pub attribute: String,
    /// `exact`, `close`, `different` or `missing`.
    #[schemars(schema_with = "evidence_level")]
    pub level: String,
    /// Its weight, log2(m/u) (0 when missing).
    pub weight: f64,
}

/// An evidence level is one of [`LEVELS`], or `missing`.
fn evidence_level(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut levels = LEVELS.to_vec();
    levels.push("missing");
    schemars::json_schema!({ "type": "string", "enum": levels })
}

/// Two profiles that are probably one shopper, for a person to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestion {
    /// The record on one side whose attributes compared best (the smaller key).
    pub record_a: String,
    /// The record on the other side.
    pub record_b: String,
    /// Members of `record_a`'s profile (an `accept_review` takes them as its left).
    pub left: Vec<String>,
    /// Members of `record_b`'s profile.
    pub right: Vec<String>,
    /// Σ log2(m/u) over the attributes.
    pub score: f64,
    /// The match probability under the model's prior.
    pub probability: f64,
    /// Each attribute's comparison.
    pub evidence: Vec<Evidence>,
}

/// One attribute's model: its m and u probabilities per level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldModel {
    /// The attribute.
    pub attribute: String,
    /// Among matches: exact, close, different.
    pub m: [f64; 3],
    /// Among non-matches.
    pub u: [f64; 3],
}

/// Suggestions, best first, with the model that scored them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestions {
    /// Suggested pairs of profiles, by score (highest first), one per pair.
    pub suggestions: Vec<Suggestion>,
    /// The candidate record pairs compared.
    pub candidates: usize,
    /// The share of candidates that match (estimated or given).
    pub prior: f64,
    /// Each attribute's m and u.
    pub model: Vec<FieldModel>,
}

/// A record as the scorer sees it: its folded attribute values and profile.
pub(crate) struct Scored<'a> {
    /// The record's key.
    pub key: &'a str,
    /// Its profile (a root id the caller gives; records of one profile are not compared).
    pub profile: u32,
    /// The record.
    pub record: &'a CustomerRecord,
}

/// A value as compared: NFKC, lower case, trimmed; none when empty.
fn folded(value: Option<&String>) -> Option<String> {
    let v = value?.trim();
    if v.is_empty() {
        return None;
    }
    let text = if v.is_ascii() {
        v.to_ascii_lowercase()
    } else {
        v.nfkc().collect::<String>().to_lowercase()
    };
    Some(text)
}

/// The agreement level of two values under `compare`.
fn level(compare: Compare, a: Option<&str>, b: Option<&str>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return MISSING;
    };
    if a == b {
        return 0;
    }
    let close = match compare {
        Compare::Exact => false,
        Compare::Name => {
            let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
            initial(a, b) || initial(b, a) || strsim::jaro_winkler(a, b) >= 0.9
        }
        Compare::Text => strsim::jaro_winkler(a, b) >= 0.9,
        Compare::Date => {
            let (x, y): (Vec<char>, Vec<char>) = (
                a.chars().filter(char::is_ascii_digit).collect(),
                b.chars().filter(char::is_ascii_digit).collect(),
            );
            let one_off =
                x.len() == y.len() && x.iter().zip(&y).filter(|(p, q)| p != q).count() == 1;
            // YYYYMMDD with month and day swapped.
            let swapped = x.len() == 8
                && y.len() == 8
                && x[..4] == y[..4]
                && x[4..6] == y[6..8]
                && x[6..8] == y[4..6];
            x == y || one_off || swapped
        }
    };
    if close {
        1
    } else {
        2
    }
}

/// Scores the candidate pairs of `records` and returns the suggestions.
pub(crate) fn suggest(
    records: &[Scored<'_>],
    scoring: &Scoring,
    members: impl Fn(u32) -> Vec<String>,
) -> Result<Suggestions> {
    scoring.validate()?;
    let values: Vec<Vec<Option<String>>> = records
        .iter()
        .map(|r| {
            scoring
                .fields
                .iter()
                .map(|f| folded(r.record.attributes.get(&f.attribute)))
                .collect()
        })
        .collect();
    let pairs = candidates(records, scoring);
    // Each pair's agreement pattern; identical patterns are counted once for EM.
    let patterns: Vec<Vec<u8>> = pairs
        .iter()
        .map(|&(a, b)| {
            scoring
                .fields
                .iter()
                .enumerate()
                .map(|(f, rule)| {
                    let (x, y) = (&values[a as usize][f], &values[b as usize][f]);
                    level(rule.compare, x.as_deref(), y.as_deref())
                })
                .collect()
        })
        .collect();
    // Pair counts are exact integers; EM weighs them as floats (a count
    // below 2^53 converts exactly).
    let mut counts: FxHashMap<&[u8], u64> = FxHashMap::default();
    for p in &patterns {
        let n = counts.entry(p.as_slice()).or_default();
        *n = n.saturating_add(1);
    }
    let mut distinct: Vec<(&[u8], u64)> = counts.into_iter().collect();
    // A fixed order: floating sums come out the same on every run.
    distinct.sort_by(|a, b| a.0.cmp(b.0));
    let (model, prior) = estimate(scoring, &distinct);

    let weights: Vec<[f64; 3]> = model
        .iter()
        .map(|f| std::array::from_fn(|l| (f.m[l] / f.u[l]).log2()))
        .collect();
    let odds = prior / (1.0 - prior);
    let mut best: FxHashMap<(u32, u32), (f64, usize)> = FxHashMap::default();
    for (i, (&(a, b), pattern)) in pairs.iter().zip(&patterns).enumerate() {
        let score: f64 = pattern
            .iter()
            .zip(&weights)
            .filter(|(l, _)| **l != MISSING)
            .map(|(l, w)| w[usize::from(*l)])
            .sum();
        if probability(score, odds) < scoring.min_probability {
            continue;
        }
        let (pa, pb) = (records[a as usize].profile, records[b as usize].profile);
        let profiles = (pa.min(pb), pa.max(pb));
        let keys = |j: usize| {
            let (x, y) = pairs[j];
            let (x, y) = (records[x as usize].key, records[y as usize].key);
            (x.min(y), x.max(y))
        };
        let entry = best.entry(profiles).or_insert((score, i));
        // Ties by the records' keys, not their places: any input order gives one answer.
        if score > entry.0 || (score == entry.0 && keys(i) < keys(entry.1)) {
            *entry = (score, i);
        }
    }
    let mut suggestions: Vec<Suggestion> = best
        .into_values()
        .map(|(score, i)| {
            let (a, b) = pairs[i];
            let (mut ra, mut rb) = (&records[a as usize], &records[b as usize]);
            // The smaller key first, whatever the input order.
            if rb.key < ra.key {
                std::mem::swap(&mut ra, &mut rb);
            }
            let evidence = scoring
                .fields
                .iter()
                .zip(&patterns[i])
                .zip(&weights)
                .map(|((rule, &l), w)| Evidence {
                    attribute: rule.attribute.clone(),
                    level: LEVELS.get(usize::from(l)).unwrap_or(&"missing").to_string(),
                    weight: if l == MISSING { 0.0 } else { w[usize::from(l)] },
                })
                .collect();
            Suggestion {
                record_a: ra.key.to_string(),
                record_b: rb.key.to_string(),
                left: members(ra.profile),
                right: members(rb.profile),
                score,
                probability: probability(score, odds),
                evidence,
            }
        })
        .collect();
    suggestions.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.record_a.cmp(&y.record_a))
            .then_with(|| x.record_b.cmp(&y.record_b))
    });
    Ok(Suggestions {
        suggestions,
        candidates: pairs.len(),
        prior,
        model,
    })
}

/// The match probability of a score at prior odds `odds`.
fn probability(score: f64, odds: f64) -> f64 {
    let posterior = odds * score.exp2();
    if posterior.is_infinite() {
        return 1.0;
    }
    posterior / (1.0 + posterior)
}

/// Candidate pairs `(a, b)`, `a < b` by index, of records in different
/// profiles that share a blocking key, sorted and each once.
fn candidates(records: &[Scored<'_>], scoring: &Scoring) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    for rule in &scoring.blocking {
        let mut blocks: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, r) in records.iter().enumerate() {
            let mut key = String::new();
            let complete = rule.iter().all(|part| {
                let Some(v) = folded(r.record.attributes.get(&part.attribute)) else {
                    return false;
                };
                match part.prefix {
                    Some(n) => key.extend(v.chars().take(n)),
                    None => key.push_str(&v),
                }
                key.push('\u{1f}');
                true
            });
            if complete {
                blocks.entry(key).or_default().push(i as u32);
            }
        }
        for block in blocks.values() {
            if block.len() > scoring.max_block {
                continue;
            }
            let mut rest = block.as_slice();
            while let Some((&a, tail)) = rest.split_first() {
                for &b in tail {
                    if records[a as usize].profile != records[b as usize].profile {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
                rest = tail;
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Each field's m and u, and the prior: given, or estimated by EM over
/// the distinct agreement patterns and their counts.
fn estimate(scoring: &Scoring, patterns: &[(&[u8], u64)]) -> (Vec<FieldModel>, f64) {
    let clamp = |p: [f64; 3]| {
        let p = p.map(|x| x.clamp(FLOOR, 1.0 - FLOOR));
        let sum: f64 = p.iter().sum();
        p.map(|x| x / sum)
    };
    let mut m: Vec<[f64; 3]> = scoring
        .fields
        .iter()
        .map(|f| clamp(f.m.unwrap_or([0.9, 0.05, 0.05])))
        .collect();
    let mut u: Vec<[f64; 3]> = scoring
        .fields
        .iter()
        .map(|f| clamp(f.u.unwrap_or([0.1, 0.1, 0.8])))
        .collect();
    let fixed: Vec<bool> = scoring.fields.iter().map(|f| f.m.is_some()).collect();
    let mut prior = scoring.prior.unwrap_or(0.1).clamp(FLOOR, 1.0 - FLOOR);
    let pairs: u64 = patterns
        .iter()
        .map(|(_, n)| n)
        .fold(0, |a, n| a.saturating_add(*n));
    if pairs > 0 && (fixed.iter().any(|f| !f) || scoring.prior.is_none()) {
        for _ in 0..ROUNDS {
            let mut mm = vec![[0.0f64; 3]; m.len()];
            let mut uu = vec![[0.0f64; 3]; u.len()];
            let mut matched = 0.0;
            for &(pattern, count) in patterns {
                let n = count as f64;
                let (mut pm, mut pu) = (prior, 1.0 - prior);
                for (f, &l) in pattern.iter().enumerate() {
                    if l != MISSING {
                        pm *= m[f][usize::from(l)];
                        pu *= u[f][usize::from(l)];
                    }
                }
                let g = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
                matched += g * n;
                for (f, &l) in pattern.iter().enumerate() {
                    if l != MISSING {
                        mm[f][usize::from(l)] += g * n;
                        uu[f][usize::from(l)] += (1.0 - g) * n;
                    }
                }
            }
            let mut moved: f64 = 0.0;
            for f in 0..m.len() {
                if fixed[f] {
                    continue;
                }
                for (next, acc) in [(&mut m[f], mm[f]), (&mut u[f], uu[f])] {
                    let sum: f64 = acc.iter().sum();
                    if sum > 0.0 {
                        let new = clamp(acc.map(|x| x / sum));
                        moved = moved.max(
                            new.iter()
                                .zip(next.iter())
                                .map(|(a, b)| (a - b).abs())
                                .fold(0.0, f64::max),
                        );
                        *next = new;
                    }
                }
            }
            if scoring.prior.is_none() {
                let new = (matched / pairs as f64).clamp(FLOOR, 1.0 - FLOOR);
                moved = moved.max((new - prior).abs());
                prior = new;
            }
            if moved < CONVERGED {
                break;
            }
        }
    }
    let model = scoring
        .fields
        .iter()
        .zip(m.into_iter().zip(u))
        .map(|(f, (m, u))| FieldModel {
            attribute: f.attribute.clone(),
            m,
            u,
        })
        .collect();
    (model, prior)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_agree_exactly_closely_or_not_at_all() {
        assert_eq!(level(Compare::Name, Some("ann"), Some("ann")), 0);
        assert_eq!(level(Compare::Name, Some("a"), Some("ann")), 1);
        assert_eq!(level(Compare::Name, Some("jon"), Some("john")), 1);
        assert_eq!(level(Compare::Name, Some("ann"), Some("bob")), 2);
        assert_eq!(level(Compare::Name, None, Some("bob")), MISSING);
        assert_eq!(level(Compare::Date, Some("19840307"), Some("19840703")), 1);
        assert_eq!(level(Compare::Date, Some("19840307"), Some("19840308")), 1);
        assert_eq!(level(Compare::Date, Some("19840307"), Some("19910101")), 2);
        assert_eq!(level(Compare::Exact, Some("2000"), Some("2001")), 2);
        assert_eq!(
            level(Compare::Text, Some("stanley street"), Some("stanley st")),
            1
        );
    }

    #[test]
    fn a_scoring_that_cannot_work_is_refused() {
        let bad = |change: fn(&mut Scoring)| {
            let mut s = Scoring::default();
            change(&mut s);
            s.validate().unwrap_err().to_string()
        };
        assert!(bad(|s| s.fields.clear()).contains("scoring.fields"));
        assert!(bad(|s| s.blocking.clear()).contains("scoring.blocking"));
        assert!(bad(|s| s.max_block = 1).contains("max_block"));
        assert!(bad(|s| s.min_probability = 1.5).contains("min_probability"));
        assert!(bad(|s| s.fields[0].m = Some([0.5, 0.5, 0.5])).contains("fields[0].m"));
        assert!(bad(|s| s.fields[0].m = Some([0.9, 0.05, 0.05])).contains("both m and u"));
        assert!(bad(|s| s.prior = Some(f64::NAN)).contains("prior"));
    }

    #[test]
    fn probabilities_saturate_instead_of_overflowing() {
        assert_eq!(probability(1e6, 0.01), 1.0);
        assert_eq!(probability(-1e6, 0.01), 0.0);
        assert!((probability(0.0, 1.0) - 0.5).abs() < 1e-12);
    }
}
