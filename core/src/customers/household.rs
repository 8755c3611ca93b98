//! Households: whether two sides of a merge are clearly different people,
//! by their given names and dates of birth. A shared landline or family
//! email then joins no one by itself.

use super::record::{CustomerRecord, Households};
use unicode_normalization::UnicodeNormalization;

/// What one side of a merge says about who it is, as the household check
/// compares it: the distinct given names and dates of birth its records
/// state. Kept per side and joined as sides join, so a profile of many
/// records is not re-read at every merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Person {
    /// Given names, folded (NFKC, lower case, no punctuation), sorted.
    given: Vec<Box<str>>,
    /// Dates of birth as their digits (`1984-03-07` is `19840307`), sorted.
    born: Vec<Box<str>>,
}

/// Titles written before a given name.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"];

/// Jaro–Winkler similarity at or above which two given names are one name
/// mistyped (`jon`/`john` 0.93, `ann`/`anne` 0.94; `ann`/`bob` 0).
const SAME_NAME: f64 = 0.9;

impl Person {
    /// The person a record describes under `rules` (none when the check is off).
    pub fn of(record: &CustomerRecord, rules: &Households) -> Person {
        if rules.kinds.is_empty() {
            return Person::default();
        }
        let first = |names: &[String]| {
            names
                .iter()
                .find_map(|a| record.attributes.get(a).filter(|v| !v.trim().is_empty()))
        };
        let given = first(&rules.name_attributes).and_then(|v| given_name(v));
        let born = first(&rules.birth_date_attributes)
            .map(|v| v.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|d| d.len() >= 6)
            .map(String::into_boxed_str);
        Person {
            given: given.into_iter().collect(),
            born: born.into_iter().collect(),
        }
    }

    /// Both sides' evidence, as one side's.
    pub fn join(&mut self, other: Person) {
        for (mine, theirs) in [(&mut self.given, other.given), (&mut self.born, other.born)] {
            mine.extend(theirs);
            mine.sort_unstable();
            mine.dedup();
        }
    }
}

/// The given name in a full name: after the comma of `Lee, Ann`, else the
/// first word that is not a title.
fn given_name(name: &str) -> Option<Box<str>> {
    // ASCII is its own NFKC form: fold only the word found (no copy of
    // the whole name), as most names are.
    let folded: String;
    let text = if name.is_ascii() {
        name
    } else {
        folded = name.nfkc().collect::<String>().to_lowercase();
        folded.as_str()
    };
    let part = match text.split_once(',') {
        Some((_, given)) => given,
        None => text,
    };
    part.split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| !w.is_empty() && !TITLES.iter().any(|t| t.eq_ignore_ascii_case(w)))
        .map(|w| w.to_lowercase().into())
}

/// Two given names that may be one person's: equal, an initial of the
/// other (`a`/`ann`), a short form of it (`chris`/`christopher`), or a typo.
fn compatible(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short == long
        || (short.chars().count() == 1 && long.starts_with(short))
        || (short.chars().count() >= 3 && long.starts_with(short))
        || strsim::jaro_winkler(a, b) >= SAME_NAME
}

/// Why two sides clearly are different people, if they are: every given
/// name on one side is incompatible with every one on the other, or both
/// sides state dates of birth and share none. A side that states nothing
/// differs from no one.
pub(crate) fn differ(left: &Person, right: &Person) -> Option<&'static str> {
    let (lg, rg) = (&left.given, &right.given);
    if !lg.is_empty() && !rg.is_empty() && lg.iter().all(|a| rg.iter().all(|b| !compatible(a, b))) {
        return Some("their given names differ");
    }
    let (lb, rb) = (&left.born, &right.born);
    if !lb.is_empty() && !rb.is_empty() && lb.iter().all(|a| rb.binary_search(a).is_err()) {
        return Some("their dates of birth differ");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_come_out_of_full_names() {
        assert_eq!(given_name("Ann Lee").as_deref(), Some("ann"));
        assert_eq!(given_name("Lee, Ann").as_deref(), Some("ann"));
        assert_eq!(given_name("Mrs. Ann Lee").as_deref(), Some("ann"));
        assert_eq!(given_name("ＡＮＮ LEE").as_deref(), Some("ann"));
        assert_eq!(given_name("  ").as_deref(), None);
        // ASCII names take a path of their own (no folding copy): titles in
        // any case, the given name lower-cased.
        assert_eq!(given_name("MRS. ANN LEE").as_deref(), Some("ann"));
        assert_eq!(given_name("Dr Bob").as_deref(), Some("bob"));
        assert_eq!(given_name("LEE, ANN-MARIE").as_deref(), Some("ann-marie"));
        assert_eq!(given_name("Mr.").as_deref(), None);
    }

    #[test]
    fn names_that_may_be_one_persons_are_compatible() {
        for (a, b) in [
            ("ann", "ann"),
            ("a", "ann"),
            ("chris", "christopher"),
            ("jon", "john"),
            ("anne", "ann"),
        ] {
            assert!(compatible(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("ann", "bob"),
            ("ann", "cy"),
            ("b", "ann"),
            ("mark", "mary"),
        ] {
            assert!(!compatible(a, b), "{a} {b}");
        }
    }
}
