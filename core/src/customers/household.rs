//! Households: whether two sides of a merge are clearly different people,
//! by their given names and dates of birth. A shared landline or family
//! email then joins no one by itself.

use super::record::{CustomerRecord, Households};
use unicode_normalization::UnicodeNormalization;

/// What a record says about who it is, as the household check compares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Person {
    /// The given name, folded (NFKC, lower case, no punctuation).
    given: Option<Box<str>>,
    /// The date of birth's digits (`1984-03-07` is `19840307`).
    born: Option<Box<str>>,
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
        Person { given, born }
    }
}

/// The given name in a full name: after the comma of `Lee, Ann`, else the
/// first word that is not a title.
fn given_name(name: &str) -> Option<Box<str>> {
    let folded: String = name.nfkc().collect::<String>().to_lowercase();
    let part = match folded.split_once(',') {
        Some((_, given)) => given,
        None => folded.as_str(),
    };
    part.split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| !w.is_empty() && !TITLES.contains(w))
        .map(Into::into)
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
pub(crate) fn differ(left: &[&Person], right: &[&Person]) -> Option<&'static str> {
    let given = |side: &[&Person]| -> Vec<Box<str>> {
        side.iter().filter_map(|p| p.given.clone()).collect()
    };
    let born = |side: &[&Person]| -> Vec<Box<str>> {
        side.iter().filter_map(|p| p.born.clone()).collect()
    };
    let (lg, rg) = (given(left), given(right));
    if !lg.is_empty() && !rg.is_empty() && lg.iter().all(|a| rg.iter().all(|b| !compatible(a, b))) {
        return Some("their given names differ");
    }
    let (lb, rb) = (born(left), born(right));
    if !lb.is_empty() && !rb.is_empty() && lb.iter().all(|a| !rb.contains(a)) {
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
