//! GTINs: the numbers a scanner reads.
//!
//! GTIN-8, -12 (UPC-A), -13 (EAN) and -14 are validated by the GS1 mod-10
//! check digit (weights 3 and 1 from the right — not Luhn) and normalised to
//! 14 digits, so a UPC-A and the EAN-13 with a leading zero are one product.
//! UPC-E expands to UPC-A. Restricted GS1 ranges (in-store numbers,
//! coupons, refund receipts) are classified so an in-store code is never
//! taken for a global product id.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The GS1 mod-10 check digit for `body` (the digits before the check digit).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
)]
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[allow(
    clippy::arithmetic_side_effects,
    reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
)]
fn digits(field: &str, text: &str) -> Result<Vec<u8>> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidGtin {
            value: text.to_string(),
            reason: format!("{field} must be digits only"),
        });
    }
    Ok(t.bytes().map(|b| b - b'0').collect())
}

/// What a GTIN's GS1 prefix says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GtinRange {
    /// A globally unique trade item number.
    Global,
    /// A restricted-circulation number a retailer assigns in store (prefixes
    /// 02, 04 and 20–29; GTIN-8 starting 0 or 2): variable-measure items and
    /// house codes, unique only inside one company.
    InStore,
    /// A coupon (prefixes 05, 981–984, 99).
    Coupon,
    /// A refund receipt (prefix 980).
    RefundReceipt,
    /// A book (ISBN, prefixes 978 and 979 other than 9790).
    Book,
    /// Printed music (ISMN, prefix 9790).
    Music,
    /// A serial publication (ISSN, prefix 977).
    Serial,
}

/// A validated GTIN, held as its 14-digit form (equal GTINs are one product,
/// whatever length they were written in).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gtin {
    digits: [u8; 14],
}

impl Gtin {
    /// Validates a GTIN-8, -12, -13 or -14 (check digit included).
    /// `INVALID_GTIN` names the expected check digit when it is wrong.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
    )]
    pub fn parse(text: &str) -> Result<Gtin> {
        let d = digits("a GTIN", text)?;
        if ![8, 12, 13, 14].contains(&d.len()) {
            return Err(Error::InvalidGtin {
                value: text.to_string(),
                reason: format!("has {} digits; a GTIN has 8, 12, 13 or 14", d.len()),
            });
        }
        let (body, check) = d.split_at(d.len() - 1);
        let expected = check_digit(body);
        if check[0] != expected {
            return Err(Error::InvalidGtin {
                value: text.to_string(),
                reason: format!("check digit is {}, expected {expected}", check[0]),
            });
        }
        let mut digits = [0u8; 14];
        digits[14 - d.len()..].copy_from_slice(&d);
        Ok(Gtin { digits })
    }

    /// Expands a UPC-E code to its UPC-A GTIN. Accepts 6 digits (number
    /// system 0 assumed, check digit computed), 7 (number system + 6) or 8
    /// (with the check digit, which is verified).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
    )]
    pub fn from_upc_e(text: &str) -> Result<Gtin> {
        let d = digits("a UPC-E code", text)?;
        let (ns, data, check) = match d.len() {
            6 => (0, &d[..], None),
            7 => (d[0], &d[1..7], None),
            8 => (d[0], &d[1..7], Some(d[7])),
            n => {
                return Err(Error::InvalidGtin {
                    value: text.to_string(),
                    reason: format!("has {n} digits; UPC-E has 6, 7 or 8"),
                })
            }
        };
        if ns > 1 {
            return Err(Error::InvalidGtin {
                value: text.to_string(),
                reason: format!("number system {ns}: UPC-E uses 0 or 1"),
            });
        }
        let [d1, d2, d3, d4, d5, d6] = [data[0], data[1], data[2], data[3], data[4], data[5]];
        // The manufacturer and item digits, by the last data digit (GS1 zero-suppression rules).
        let middle: [u8; 10] = match d6 {
            0..=2 => [d1, d2, d6, 0, 0, 0, 0, d3, d4, d5],
            3 => [d1, d2, d3, 0, 0, 0, 0, 0, d4, d5],
            4 => [d1, d2, d3, d4, 0, 0, 0, 0, 0, d5],
            _ => [d1, d2, d3, d4, d5, 0, 0, 0, 0, d6],
        };
        let mut upc_a = vec![ns];
        upc_a.extend_from_slice(&middle);
        let expected = check_digit(&upc_a);
        if let Some(given) = check {
            if given != expected {
                return Err(Error::InvalidGtin {
                    value: text.to_string(),
                    reason: format!("check digit is {given}, expected {expected}"),
                });
            }
        }
        upc_a.push(expected);
        let text: String = upc_a.iter().map(|d| char::from(b'0' + d)).collect();
        Gtin::parse(&text)
    }

    /// The 14-digit form: the one key every channel's barcode maps through.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
    )]
    pub fn gtin14(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The range its GS1 prefix places it in.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "decimal digits 0-9 in fixed-length arrays: every sum, product and index is bounded by the array length"
    )]
    pub fn range(&self) -> GtinRange {
        // A GTIN-14's first digit is a packaging indicator: the range is
        // the one of the GTIN it packs (positions 2–13), whatever the level.
        let gtin13 = &self.digits[1..];
        // Five leading zeros there mark a GTIN-8 (GS1 leaves prefixes
        // 00001–00007 unused so that no GTIN-12/13 collides with one).
        if gtin13[..5] == [0; 5] {
            // GTIN-8 prefixes 0 and 2 are restricted circulation.
            return match gtin13[5] {
                0 | 2 => GtinRange::InStore,
                _ => GtinRange::Global,
            };
        }
        let p2 = gtin13[0] * 10 + gtin13[1];
        let p3 = u16::from(p2) * 10 + u16::from(gtin13[2]);
        match (p2, p3) {
            (2 | 4 | 20..=29, _) => GtinRange::InStore,
            (5 | 99, _) => GtinRange::Coupon,
            (_, 980) => GtinRange::RefundReceipt,
            (_, 981..=984) => GtinRange::Coupon,
            (_, 977) => GtinRange::Serial,
            (_, 979) if gtin13[3] == 0 => GtinRange::Music,
            (_, 978 | 979) => GtinRange::Book,
            _ => GtinRange::Global,
        }
    }

    /// True when the number identifies a trade item worldwide (not an
    /// in-store number, coupon or refund receipt).
    pub fn is_global_product(&self) -> bool {
        matches!(
            self.range(),
            GtinRange::Global | GtinRange::Book | GtinRange::Music | GtinRange::Serial
        )
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.gtin14())
    }
}

impl fmt::Debug for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gtin({})", self.gtin14())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    #[test]
    fn upc_a_and_ean_13_with_a_leading_zero_are_one_product() {
        let upc = Gtin::parse("036000291452").unwrap();
        let ean = Gtin::parse("0036000291452").unwrap();
        assert_eq!(upc, ean);
        assert_eq!(upc.gtin14(), "00036000291452");
        assert_eq!(Gtin::parse("96385074").unwrap().gtin14(), "00000096385074");
        assert_eq!(
            Gtin::parse("4006381333931").unwrap().range(),
            GtinRange::Global
        );
    }

    #[test]
    fn a_wrong_check_digit_names_the_expected_one() {
        let err = Gtin::parse("036000291453").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidGtin);
        assert!(err.to_string().contains("expected 2"), "{err}");
        // Luhn would accept this one; GS1 mod-10 does not.
        assert!(Gtin::parse("4006381333932").is_err());
        for bad in ["", "12345", "03600029145A", "123456789012345"] {
            assert_eq!(
                Gtin::parse(bad).unwrap_err().code(),
                ErrorCode::InvalidGtin,
                "{bad}"
            );
        }
    }

    #[test]
    fn upc_e_expands_by_the_zero_suppression_rules() {
        assert_eq!(
            Gtin::from_upc_e("04252614").unwrap().gtin14(),
            "00042100005264"
        );
        assert_eq!(
            Gtin::from_upc_e("425261").unwrap().gtin14(),
            "00042100005264"
        );
        assert_eq!(
            Gtin::from_upc_e("01234531").unwrap().gtin14(),
            "00012300000451"
        );
        assert_eq!(
            Gtin::from_upc_e("01234565").unwrap().gtin14(),
            "00012345000065"
        );
        assert_eq!(
            Gtin::from_upc_e("04252613").unwrap_err().code(),
            ErrorCode::InvalidGtin
        );
        assert_eq!(
            Gtin::from_upc_e("24252614").unwrap_err().code(),
            ErrorCode::InvalidGtin
        );
    }

    #[test]
    fn restricted_ranges_are_not_global_products() {
        let range = |s: &str| {
            let mut body: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            body.push(check_digit(&body));
            let text: String = body.iter().map(|d| char::from(b'0' + d)).collect();
            Gtin::parse(&text).unwrap()
        };
        assert_eq!(range("021234567890").range(), GtinRange::InStore);
        assert_eq!(range("201234567890").range(), GtinRange::InStore);
        assert_eq!(range("291234567890").range(), GtinRange::InStore);
        assert_eq!(range("051234567890").range(), GtinRange::Coupon);
        assert_eq!(range("978030640615").range(), GtinRange::Book);
        assert_eq!(range("979034567890").range(), GtinRange::Music);
        assert_eq!(range("980123456789").range(), GtinRange::RefundReceipt);
        assert!(!range("201234567890").is_global_product());
        assert!(range("978030640615").is_global_product());
        assert_eq!(
            range("2123456").range(),
            GtinRange::InStore,
            "a GTIN-8 starting 2"
        );
    }

    proptest! {
        #[test]
        fn normalising_is_stable(body in proptest::collection::vec(0u8..10, 11..14)) {
            let mut d = body.clone();
            d.push(check_digit(&body));
            let text: String = d.iter().map(|x| char::from(b'0' + x)).collect();
            let once = Gtin::parse(&text).unwrap();
            let twice = Gtin::parse(&once.gtin14()).unwrap();
            prop_assert_eq!(once.gtin14(), twice.gtin14());
        }
    }
}
