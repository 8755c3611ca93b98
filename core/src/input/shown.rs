//! How a value appears in an error: truncated, and redacted when it is
//! personal data, so a log never carries a customer's phone or email.

/// Characters of a value an error shows at most.
pub const MAX_SHOWN: usize = 64;

/// The longest message an error carries (characters).
pub const MAX_MESSAGE: usize = 512;

/// `value` as an error may show it: at most [`MAX_SHOWN`] characters (then
/// `…`), control characters escaped; for personal data only a recognisable
/// hint (see [`crate::customers::redact`]).
pub fn shown(value: &str, personal: bool) -> String {
    if personal {
        let kind = if value.contains('@') {
            crate::customers::EMAIL
        } else if value.chars().filter(char::is_ascii_digit).count() >= 5 {
            crate::customers::PHONE
        } else {
            ""
        };
        // Redact the value itself, then make the hint printable.
        let cut: String = value.chars().take(MAX_SHOWN).collect();
        return truncate(&crate::customers::redact(kind, &cut), MAX_SHOWN);
    }
    truncate(value, MAX_SHOWN)
}

/// The first `max` characters of `value`, control characters escaped.
fn truncate(value: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_and_personal_ones_redacted() {
        let long = "x".repeat(1_000_000);
        assert_eq!(shown(&long, false).chars().count(), MAX_SHOWN + 1);
        assert_eq!(shown("ann.lee@example.com", true), "a…@e…");
        assert_eq!(shown("+1 415 555 2671", true), "…71");
        assert!(!shown("4155552671", true).contains("555"));
        assert_eq!(shown("a\nb", false), "a\\nb");
        // A control character's escape is never read as a digit of the value.
        assert_eq!(shown("+1 415 555 2671\u{7}", true), "…71");
    }
}
