use super::*;
use crate::{ErrorCode, EventId, Instant};
use proptest::prelude::*;

fn at(minute: i64) -> Instant {
    Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
}

fn id(kind: &str, value: &str) -> IdentifierInput {
    IdentifierInput {
        kind: kind.into(),
        value: value.into(),
        hashed: false,
        convention: None,
    }
}

fn rec(
    source: &str,
    record_id: &str,
    minute: i64,
    ids: &[IdentifierInput],
    name: &str,
) -> CustomerRecord {
    CustomerRecord {
        source: source.into(),
        record_id: record_id.into(),
        observed_at: at(minute),
        region: None,
        identifiers: ids.to_vec(),
        attributes: [("name".to_string(), name.to_string())]
            .into_iter()
            .collect(),
    }
}

/// The guide's story: a phone and loyalty card at the counter, an email
/// online, and a web account that later adds the phone.
fn story() -> Vec<CustomerRecord> {
    vec![
        rec(
            "pos",
            "c-17",
            0,
            &[id(PHONE, "(415) 555-2671"), id(LOYALTY, "7788-1234")],
            "Ann Lee",
        ),
        rec(
            "web",
            "u-901",
            5,
            &[id(EMAIL, "Ann.Lee@Example.com")],
            "ann lee",
        ),
        rec(
            "web",
            "u-901",
            9,
            &[
                id(EMAIL, "ann.lee@example.com"),
                id(PHONE, "+1 415 555 2671"),
            ],
            "Ann Lee-Wong",
        ),
    ]
}

#[test]
fn the_counter_phone_and_the_web_email_become_one_customer() {
    let r = resolve(&story(), &LinkPolicy::default(), &[]).unwrap();
    assert_eq!(r.profiles.len(), 1);
    let p = &r.profiles[0];
    assert_eq!(p.members, ["pos/c-17", "web/u-901"]);
    assert_eq!(p.profile_id, profile_id("pos/c-17"));
    // No source priority: the most recent observation survives.
    assert_eq!(p.golden.get("name").unwrap(), "Ann Lee-Wong");
    assert_eq!(r.merges.len(), 1);
    assert_eq!(r.merges[0].via, PHONE);
    assert!(p.identifiers.iter().all(|(_, h)| h.len() == 64));
    let pos_first = LinkPolicy {
        source_priority: vec!["pos".into()],
        ..LinkPolicy::default()
    };
    assert_eq!(
        resolve(&story(), &pos_first, &[]).unwrap().profiles[0]
            .golden
            .get("name")
            .unwrap(),
        "Ann Lee"
    );
}

#[test]
fn a_household_phone_does_not_merge_two_loyalty_members() {
    let records = vec![
        rec(
            "pos",
            "a",
            0,
            &[id(PHONE, "4155552671"), id(LOYALTY, "11112222")],
            // No names: the limit decides here (names are the household test's).
            "",
        ),
        rec(
            "pos",
            "b",
            1,
            &[id(PHONE, "415-555-2671"), id(LOYALTY, "33334444")],
            "",
        ),
    ];
    let r = resolve(&records, &LinkPolicy::default(), &[]).unwrap();
    assert_eq!(r.profiles.len(), 2);
    assert_eq!(r.review.len(), 1);
    let item = &r.review[0];
    assert_eq!(
        (
            item.record_a.as_str(),
            item.record_b.as_str(),
            item.kind.as_str()
        ),
        ("pos/a", "pos/b", PHONE)
    );
    assert!(
        item.reason.contains("2 loyalty identifiers (limit 1)"),
        "{}",
        item.reason
    );
    // A person decides they are one customer after all (a shared card was replaced).
    let joined = resolve(
        &records,
        &LinkPolicy::default(),
        &[Correction::AlwaysLink {
            record_a: "pos/b".into(),
            record_b: "pos/a".into(),
            by: "store-manager".into(),
            reason: "same person, two cards".into(),
        }],
    )
    .unwrap();
    assert_eq!(joined.profiles.len(), 1);
    assert_eq!(joined.merges[0].via, "always_link");
}

#[test]
fn blocked_and_invalid_values_never_link_but_the_record_still_counts() {
    let records = vec![
        rec(
            "pos",
            "a",
            0,
            &[id(EMAIL, "noemail@noemail.com"), id(PHONE, "555")],
            "A",
        ),
        rec("pos", "b", 1, &[id(EMAIL, "NoEmail@noemail.com")], "B"),
    ];
    let r = resolve(&records, &LinkPolicy::default(), &[]).unwrap();
    assert_eq!(r.profiles.len(), 2);
    let codes: Vec<(&str, &str, ErrorCode)> = r
        .issues
        .iter()
        .map(|i| (i.record.as_str(), i.kind.as_str(), i.error.code()))
        .collect();
    assert_eq!(
        codes,
        [
            ("pos/a", EMAIL, ErrorCode::InvalidIdentifier),
            ("pos/a", PHONE, ErrorCode::InvalidIdentifier),
            ("pos/b", EMAIL, ErrorCode::InvalidIdentifier),
        ]
    );
    for issue in &r.issues {
        let text = format!("{} {:?}", issue.error, issue);
        assert!(
            !text.contains("noemail@") && !text.contains("555"),
            "{text}"
        );
    }
}

#[test]
fn hashed_and_clear_forms_of_one_value_link() {
    let hashed = IdentifierInput {
        kind: EMAIL.into(),
        value: sha256_hex("ann.lee@example.com").to_uppercase(),
        hashed: true,
        convention: None,
    };
    let records = vec![
        rec("ads", "h-1", 0, &[hashed], "?"),
        rec("web", "u-1", 1, &[id(EMAIL, " Ann.Lee@example.com")], "Ann"),
    ];
    assert_eq!(
        resolve(&records, &LinkPolicy::default(), &[])
            .unwrap()
            .profiles
            .len(),
        1
    );
}

#[test]
fn never_link_splits_a_wrong_merge_and_points_go_back_where_they_were_earned() {
    let mut book = CustomerBook::default();
    book.add_records(vec![
        rec(
            "pos",
            "a",
            0,
            &[id(EMAIL, "family@example.com"), id(LOYALTY, "11112222")],
            // Unnamed: the shared email merges them (a wrong merge to split).
            "",
        ),
        rec("web", "b", 1, &[id(EMAIL, "family@example.com")], ""),
    ])
    .unwrap();
    let earn = |eid: &str, rec: Option<&str>, loyalty: Option<&str>, points| PointsEvent {
        event_id: EventId::new(eid).unwrap(),
        loyalty_id: loyalty.map(Into::into),
        record: rec.map(Into::into),
        kind: PointsKind::Earn,
        points,
        occurred_at: at(2),
    };
    book.apply_points(earn("e1", None, Some("1111-2222"), 100))
        .unwrap();
    book.apply_points(earn("e2", Some("web/b"), None, 40))
        .unwrap();
    let merged = profile_id("pos/a");
    assert_eq!(book.resolution().profiles.len(), 1);
    assert_eq!(book.balance(&merged), 140);
    // A redemption beyond the balance changes nothing; the same redemption twice applies once.
    let redeem = |points| PointsEvent {
        event_id: EventId::new("r1").unwrap(),
        loyalty_id: Some("11112222".into()),
        record: None,
        kind: PointsKind::Redeem,
        points,
        occurred_at: at(3),
    };
    let err = book.apply_points(redeem(141)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InsufficientPoints);
    assert!(book.apply_points(redeem(30)).unwrap());
    assert!(
        !book.apply_points(redeem(30)).unwrap(),
        "a retry is a duplicate"
    );
    assert_eq!(
        book.apply_points(redeem(31)).unwrap_err().code(),
        ErrorCode::ConflictingDuplicate
    );
    assert_eq!(book.balance(&merged), 110);
    book.correct(Correction::NeverLink {
        record_a: "pos/a".into(),
        record_b: "web/b".into(),
        by: "cs-agent-4".into(),
        reason: "a shared family email".into(),
    })
    .unwrap();
    assert_eq!(book.resolution().profiles.len(), 2);
    assert_eq!(book.balance(&profile_id("pos/a")), 70);
    assert_eq!(book.balance(&profile_id("web/b")), 40);
    assert_eq!(book.total_points(), 110);
    let restored = CustomerBook::from_snapshot(&book.to_snapshot()).unwrap();
    assert_eq!(restored, book);
    assert_eq!(
        CustomerBook::from_snapshot(b"{\"format\":\"seamline.ledger\",\"version\":1}")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidSnapshot
    );
}

#[test]
fn one_profile_reads_back_by_record_or_id_and_an_absorbed_id_is_gone() {
    let mut book = CustomerBook::default();
    book.add_records(vec![rec(
        "web",
        "u-1",
        0,
        &[id(EMAIL, "ann@example.com")],
        "Ann",
    )])
    .unwrap();
    let web = profile_id("web/u-1");
    assert_eq!(book.profile(&web).unwrap().members, ["web/u-1"]);
    // The counter record's key sorts first: it roots the merged profile.
    book.add_records(vec![rec(
        "pos",
        "c-1",
        1,
        &[id(EMAIL, "ann@example.com"), id(PHONE, "4155552671")],
        "Ann Lee",
    )])
    .unwrap();
    let merged = profile_id("pos/c-1");
    assert_eq!(book.profile_of("web/u-1").unwrap().profile_id, merged);
    assert_eq!(book.profile(&web), None, "absorbed by the merge");
    let shouted = format!("P-{}", merged[2..].to_uppercase());
    if shouted != merged {
        assert_eq!(book.profile(&shouted), None, "ids read only as written");
    }
    // A newer observation of the web record without the email stands alone again.
    book.add_records(vec![rec(
        "web",
        "u-1",
        5,
        &[id(PHONE, "2125550123")],
        "Ann",
    )])
    .unwrap();
    assert_eq!(book.profile_of("web/u-1").unwrap().members, ["web/u-1"]);
    assert_eq!(book.profile_of("pos/c-1").unwrap().members, ["pos/c-1"]);
    assert_eq!(book.profile_of("web/nobody"), None);
    let all = resolve(book.parts().0, &LinkPolicy::default(), &[]).unwrap();
    assert_eq!(book.resolution(), &all);
    // Every profile, one at a time or by id, in id order.
    let ids = book.profile_ids();
    assert_eq!(ids.len(), 2);
    assert!(ids[0] < ids[1]);
    let streamed: Vec<Profile> = book.profiles().collect();
    assert_eq!(streamed, all.profiles);
    assert_eq!(streamed[1].profile_id, ids[1]);
    assert_eq!(book.profile(&ids[0]).as_ref(), streamed.first());
}

#[test]
fn debug_output_never_shows_a_clear_email_or_phone() {
    let r = &story()[0];
    let text = format!("{r:?}");
    assert!(
        !text.contains("555-2671") && !text.contains("7788-1234"),
        "{text}"
    );
}

fn records_strategy() -> impl Strategy<Value = Vec<CustomerRecord>> {
    // With a blocked value and invalid ones: they never link, the records still count.
    let emails = [
        "a@x.com",
        "b@x.com",
        "c@x.com",
        "d@x.com",
        "noemail@noemail.com",
    ];
    let phones = ["4155552671", "4155552672", "2125550123", "12"];
    let cards = ["11112222", "33334444", "55556666"];
    prop::collection::vec(
        (
            0usize..3,
            0usize..12,
            0i64..50,
            prop::option::of(0usize..5),
            prop::option::of(0usize..4),
            prop::option::of(0usize..3),
        ),
        1..25,
    )
    .prop_map(move |rows| {
        rows.into_iter()
            .map(|(source, rid, minute, email, phone, card)| {
                let mut ids = Vec::new();
                if let Some(e) = email {
                    ids.push(id(EMAIL, emails[e]));
                }
                if let Some(p) = phone {
                    ids.push(id(PHONE, phones[p]));
                }
                if let Some(c) = card {
                    ids.push(id(LOYALTY, cards[c]));
                }
                rec(
                    ["pos", "web", "app"][source],
                    &format!("r{rid}"),
                    minute,
                    &ids,
                    &format!("n{minute}"),
                )
            })
            .collect()
    })
}

proptest! {
    /// Any permutation, and any split into incremental batches, gives the
    /// same profiles, ids, merges-free answer and review queue; every record
    /// is in exactly one profile.
    #[test]
    fn resolution_depends_only_on_the_set_of_records(
        records in records_strategy(),
        seed in any::<u64>(),
        cut in 0usize..25,
    ) {
        let policy = LinkPolicy::default();
        let all = resolve(&records, &policy, &[]).unwrap();
        let mut shuffled = records.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let mut book = CustomerBook::new(policy.clone()).unwrap();
        let cut = cut.min(shuffled.len());
        book.add_records(shuffled[..cut].to_vec()).unwrap();
        let _ = book.resolution();
        book.add_records(shuffled[cut..].to_vec()).unwrap();
        let incremental = book.resolution().clone();
        prop_assert_eq!(&incremental.profiles, &all.profiles);
        prop_assert_eq!(&incremental.review, &all.review);
        let mut keys: Vec<String> = records.iter().map(CustomerRecord::key).collect();
        keys.sort();
        keys.dedup();
        let mut members: Vec<String> = all.profiles.iter().flat_map(|p| p.members.clone()).collect();
        members.sort();
        prop_assert_eq!(members, keys);
        for p in &all.profiles {
            let loyalty = p.identifiers.iter().filter(|(k, _)| k == LOYALTY).count();
            prop_assert!(loyalty <= 1, "a profile holds {} loyalty ids", loyalty);
        }
    }

    /// Merges and splits move balances; they never create or destroy points.
    #[test]
    fn points_are_conserved_through_merges_and_splits(
        records in records_strategy(),
        earns in prop::collection::vec((0usize..12, 1i64..100), 1..10),
        split in any::<bool>(),
    ) {
        let mut book = CustomerBook::default();
        book.add_records(records.clone()).unwrap();
        let mut total = 0;
        for (i, (rid, points)) in earns.iter().enumerate() {
            let key = records[rid % records.len()].key();
            book.apply_points(PointsEvent {
                event_id: EventId::new(&format!("e{i}")).unwrap(),
                loyalty_id: None,
                record: Some(key),
                kind: PointsKind::Earn,
                points: *points,
                occurred_at: at(60),
            }).unwrap();
            total += points;
        }
        if split && records.len() > 1 && records[0].key() != records[1].key() {
            book.correct(Correction::NeverLink {
                record_a: records[0].key(),
                record_b: records[1].key(),
                by: "t".into(),
                reason: "t".into(),
            }).unwrap();
        }
        let ids: Vec<String> = book.resolution().profiles.iter().map(|p| p.profile_id.clone()).collect();
        let sum: i64 = ids.iter().map(|p| book.balance(p)).sum();
        prop_assert_eq!(sum, total);
        prop_assert_eq!(book.total_points(), total);
    }
}

fn corrections_strategy() -> impl Strategy<Value = Vec<Correction>> {
    let values = [
        (EMAIL, "a@x.com"),
        (PHONE, "4155552671"),
        (LOYALTY, "33334444"),
    ];
    prop::collection::vec(
        (
            0usize..4,
            0usize..3,
            0usize..12,
            0usize..3,
            0usize..12,
            0usize..3,
        ),
        0..4,
    )
    .prop_map(move |rows| {
        let key = |s: usize, r: usize| format!("{}/r{r}", ["pos", "web", "app"][s]);
        rows.into_iter()
            .map(|(what, sa, ra, sb, rb, v)| match what {
                0 => Correction::NeverLink {
                    record_a: key(sa, ra),
                    record_b: key(sb, rb),
                    by: "t".into(),
                    reason: "t".into(),
                },
                1 => Correction::AlwaysLink {
                    record_a: key(sa, ra),
                    record_b: key(sb, rb),
                    by: "t".into(),
                    reason: "t".into(),
                },
                2 => Correction::NeverLinkValue {
                    identifier: id(values[v].0, values[v].1),
                    by: "t".into(),
                    reason: "t".into(),
                },
                // Sides as normalize() leaves them: sorted.
                _ => Correction::AcceptReview {
                    left: vec![key(sa, ra)],
                    right: {
                        let mut right = vec![key(sb, rb), key(v, (rb + 1) % 12)];
                        right.sort();
                        right.dedup();
                        right
                    },
                    by: "t".into(),
                    reason: "t".into(),
                },
            })
            // A record linked to itself is refused, not a correction.
            .filter(|c| match c {
                Correction::NeverLink {
                    record_a, record_b, ..
                }
                | Correction::AlwaysLink {
                    record_a, record_b, ..
                } => record_a != record_b,
                Correction::AcceptReview { left, right, .. } => {
                    !left.iter().any(|k| right.contains(k))
                }
                Correction::NeverLinkValue { .. } => true,
            })
            .collect()
    })
}

proptest! {
    /// Records added one at a time in any order, with the people's
    /// corrections arriving anywhere between them, give exactly the full
    /// resolution of everything at once: profiles, merges (in order), review
    /// queue and issues; and each record's profile reads back alone.
    #[test]
    fn adding_one_record_at_a_time_equals_resolving_everything_at_once(
        records in records_strategy(),
        corrections in corrections_strategy(),
        seed in any::<u64>(),
        places in prop::collection::vec(0usize..25, 4),
    ) {
        let policy = LinkPolicy::default();
        let all = resolve(&records, &policy, &corrections).unwrap();
        let mut shuffled = records.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let mut book = CustomerBook::new(policy).unwrap();
        for (i, r) in shuffled.into_iter().enumerate() {
            for (c, _) in corrections.iter().zip(&places).filter(|(_, &at)| at == i) {
                book.correct(c.clone()).unwrap();
            }
            book.add_records([r]).unwrap();
        }
        for (c, _) in corrections.iter().zip(&places).filter(|(_, &at)| at >= records.len()) {
            book.correct(c.clone()).unwrap();
        }
        for p in &all.profiles {
            for m in &p.members {
                prop_assert_eq!(book.profile_of(m), Some(p.clone()));
            }
            prop_assert_eq!(book.profile(&p.profile_id), Some(p.clone()));
        }
        let ids: Vec<&String> = all.profiles.iter().map(|p| &p.profile_id).collect();
        let listed = book.profile_ids();
        prop_assert_eq!(listed.iter().collect::<Vec<_>>(), ids);
        let streamed = book.profiles();
        prop_assert_eq!(streamed.len(), all.profiles.len());
        prop_assert_eq!(streamed.collect::<Vec<_>>(), all.profiles.clone());
        prop_assert_eq!(book.resolution(), &all);
    }
}

#[test]
fn empty_attributes_are_an_object_in_text_and_an_old_list_still_reads() {
    let mut book = CustomerBook::default();
    let mut bare = rec("web", "u-5", 0, &[id(EMAIL, "eve@example.com")], "");
    bare.attributes = Attributes::new();
    book.add_records(vec![bare.clone()]).unwrap();
    let profile = book.profile_of("web/u-5").unwrap();
    assert_eq!(
        serde_json::to_value(&profile).unwrap()["golden"],
        serde_json::json!({})
    );
    let text = serde_json::to_value(&bare).unwrap();
    assert_eq!(text["attributes"], serde_json::json!({}));
    let mut old = text.clone();
    old["attributes"] = serde_json::json!([]);
    assert_eq!(serde_json::from_value::<CustomerRecord>(old).unwrap(), bare);
}

#[test]
fn a_record_key_is_unambiguous_and_a_bad_one_adds_nothing_of_its_batch() {
    let mut book = CustomerBook::default();
    let mut spaced = rec(" pos ", " c-1 ", 0, &[id(EMAIL, "ann@example.com")], "Ann");
    book.add_records(vec![spaced.clone()]).unwrap();
    assert_eq!(book.profile_of("pos/c-1").unwrap().members, ["pos/c-1"]);
    // `a/b` + `c` and `a` + `b/c` would share the key `a/b/c`: the second replaced the first.
    let slashed = rec("a/b", "c", 1, &[], "Bo");
    let err = book
        .add_records(vec![rec("a", "b/c", 1, &[], "Cy"), slashed.clone()])
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidId);
    assert!(err.to_string().contains("records[1].source"), "{err}");
    assert_eq!(
        book.profile_of("a/b/c"),
        None,
        "nothing of the batch is added"
    );
    spaced.source = "\t".into();
    let err = book.add_records(vec![spaced.clone()]).unwrap_err();
    assert!(err.to_string().contains("records[0].source"), "{err}");
    assert_eq!(
        resolve(&[slashed], &LinkPolicy::default(), &[])
            .unwrap_err()
            .code(),
        ErrorCode::InvalidId
    );
    assert_eq!(book.resolution().profiles.len(), 1);
}

/// A batch longer than the bulk add's look-ahead: every record is read
/// (the last ones past the end of the look-ahead too), and a bad record
/// deep in it is named by its own index and keeps the whole batch out.
#[test]
fn a_long_batch_reads_every_record_and_names_a_bad_one_by_its_index() {
    let batch: Vec<CustomerRecord> = (0..40)
        .map(|i| {
            // Pairs share an email: twenty profiles of two records.
            let email = format!("shopper{}@example.com", i / 2);
            rec("web", &format!("r{i}"), i, &[id(EMAIL, &email)], "S")
        })
        .collect();
    let mut bad = batch.clone();
    bad[37].record_id = " ".into();
    let mut book = CustomerBook::default();
    let err = book.add_records(bad).unwrap_err();
    assert!(err.to_string().contains("records[37].record_id"), "{err}");
    assert!(book.resolution().profiles.is_empty(), "nothing was added");
    book.add_records(batch).unwrap();
    let profiles = &book.resolution().profiles;
    assert_eq!(profiles.len(), 20);
    assert!(profiles.iter().all(|p| p.members.len() == 2));
    assert_eq!(
        book.profile_of("web/r39").unwrap().members,
        ["web/r38", "web/r39"]
    );
}

#[test]
fn a_policy_mistake_is_found_when_the_book_is_made() {
    let bad = |change: fn(&mut LinkPolicy)| {
        let mut policy = LinkPolicy::default();
        change(&mut policy);
        CustomerBook::new(policy).unwrap_err().to_string()
    };
    assert!(bad(|p| p.default_region = "XX".into()).contains("policy.default_region"));
    assert!(bad(|p| p.default_region = "ZZ".into()).contains("numbering plan"));
    assert!(bad(|p| {
        p.limits.insert(EMAIL.into(), 0);
    })
    .contains("policy.limits.email"));
    assert!(bad(|p| p.loyalty_format.min_len = 40).contains("policy.loyalty_format"));
    assert!(bad(|p| p.link_kinds.push(EMAIL.into())).contains("policy.link_kinds[3]"));
    let gb = LinkPolicy {
        default_region: " gb ".into(),
        ..LinkPolicy::default()
    };
    assert!(CustomerBook::new(gb).is_ok());
    assert_eq!(
        normalize_phone("4155552671", "ZZ").unwrap_err().to_string(),
        "invalid phone …71: unknown default region \"ZZ\""
    );
}

#[test]
fn a_correction_names_who_made_it_and_two_real_records() {
    let mut book = CustomerBook::default();
    book.add_records(story()).unwrap();
    let link = |a: &str, b: &str, by: &str| Correction::AlwaysLink {
        record_a: a.into(),
        record_b: b.into(),
        by: by.into(),
        reason: "same person".into(),
    };
    let before = book.resolution().clone();
    let refused = |book: &mut CustomerBook, c: Correction| book.correct(c).unwrap_err().to_string();
    assert!(refused(&mut book, link("pos/c-17", "web/u-901", "  ")).contains("correction.by"));
    assert!(refused(&mut book, link("pos/c-17", " pos/c-17 ", "ops")).contains("same record"));
    assert!(refused(&mut book, link("pos/c-17", "c-18", "ops")).contains("source/record_id"));
    let err = book
        .correct(Correction::NeverLinkValue {
            identifier: id(PHONE, "12"),
            by: "ops".into(),
            reason: "store phone".into(),
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidIdentifier);
    assert_eq!(
        book.resolution(),
        &before,
        "a refused correction changes nothing"
    );
    // Keys are trimmed as records' are, so the correction applies.
    book.correct(link(" pos/c-17", "web/u-901 ", " ops "))
        .unwrap();
    assert_eq!(book.parts().1[0], link("pos/c-17", "web/u-901", "ops"));
}

#[test]
fn a_snapshot_holding_what_the_book_refuses_is_invalid_snapshot() {
    let mut book = CustomerBook::default();
    book.add_records(story()).unwrap();
    book.correct(Correction::NeverLink {
        record_a: "pos/c-17".into(),
        record_b: "web/u-901".into(),
        by: "ops".into(),
        reason: "two people".into(),
    })
    .unwrap();
    // What the book refuses is refused on load even under a valid seal.
    let sealed: serde_json::Value = serde_json::from_slice(&book.to_snapshot()).unwrap();
    let good = sealed["content"].clone();
    let seal = |content: &serde_json::Value| crate::snapshot::write("seamline.customers", content);
    let spoiled = |path: &[&str], value: serde_json::Value| {
        let mut snapshot = good.clone();
        let mut at = &mut snapshot;
        for step in path {
            at = match step.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*step],
            };
        }
        *at = value;
        let err = CustomerBook::from_snapshot(&seal(&snapshot)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidSnapshot, "{path:?}: {err}");
        err.to_string()
    };
    assert!(spoiled(&["policy", "default_region"], "XX".into()).contains("policy"));
    assert!(spoiled(&["records", "0", "source"], "a/b".into()).contains("record"));
    assert!(spoiled(&["corrections", "0", "by"], "".into()).contains("correction"));
    assert_eq!(CustomerBook::from_snapshot(&seal(&good)).unwrap(), book);
}

#[test]
fn points_that_would_leave_i64_are_refused_and_the_total_never_wraps() {
    let mut book = CustomerBook::default();
    let earn = |eid: &str, loyalty: &str, kind: PointsKind, points| PointsEvent {
        event_id: EventId::new(eid).unwrap(),
        loyalty_id: Some(loyalty.into()),
        record: None,
        kind,
        points,
        occurred_at: at(1),
    };
    assert!(book
        .apply_points(earn("e1", "11112222", PointsKind::Earn, i64::MAX))
        .unwrap());
    // Two earns of i64::MAX used to make total_points() −2.
    let err = book
        .apply_points(earn("e2", "33334444", PointsKind::Earn, i64::MAX))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ArithmeticOverflow);
    let err = book
        .apply_points(earn("e3", "11112222", PointsKind::Earn, 1))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ArithmeticOverflow);
    // No account goes below zero, so a negative adjustment elsewhere can
    // never make room for an overflow in a profile.
    let err = book
        .apply_points(earn("e4", "55556666", PointsKind::Adjust, -5))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InsufficientPoints);
    assert_eq!(book.total_points(), i64::MAX);
    // Nothing of a refused event was kept: its id is free.
    assert!(book
        .apply_points(earn("e2", "11112222", PointsKind::Redeem, 7))
        .unwrap());
    assert_eq!(book.total_points(), i64::MAX - 7);
}

proptest! {
    /// A sealed customer book refuses every single-bit change (a balance of
    /// −100 or a changed identifier never loads).
    #[test]
    fn every_single_bit_flip_of_a_customer_snapshot_is_refused(bit in 0usize..1_000_000) {
        let mut book = CustomerBook::default();
        book.add_records(story()).unwrap();
        let mut bytes = book.to_snapshot();
        let bit = bit % (bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(CustomerBook::from_snapshot(&bytes).is_err());
    }
}

#[test]
fn placeholder_values_never_link_strangers_and_say_why() {
    let records = vec![
        rec("pos", "a", 0, &[id(EMAIL, "noemail@store.com")], "Ann"),
        rec("pos", "b", 0, &[id(EMAIL, "No.Email+2@shop.co.uk")], "Bob"),
        rec("pos", "c", 0, &[id(EMAIL, "no@email.com")], "Cy"),
        rec("web", "d", 0, &[id(EMAIL, "no@email.com")], "Di"),
        rec("web", "e", 0, &[id(EMAIL, "na@na.com")], "Ed"),
        rec("web", "f", 0, &[id(EMAIL, "na@na.com")], "Flo"),
        rec("pos", "g", 0, &[id(PHONE, "+44 7777 777777")], "Gus"),
        rec("pos", "h", 0, &[id(PHONE, "+44 7777 777777")], "Hal"),
        rec("pos", "i", 0, &[id(PHONE, "+1 212 345 6789")], "Ida"),
        rec("web", "j", 0, &[id(PHONE, "212-345-6789")], "Ida"),
    ];
    let mut book = CustomerBook::default();
    book.add_records(records).unwrap();
    let r = book.resolution().clone();
    let merged: Vec<&Profile> = r.profiles.iter().filter(|p| p.members.len() > 1).collect();
    assert_eq!(merged.len(), 1, "{merged:?}");
    assert_eq!(merged[0].members, ["pos/i", "web/j"]);
    assert_eq!(r.issues.len(), 8);
    for issue in &r.issues {
        let text = issue.error.to_string();
        assert!(text.contains("placeholder"), "{text}");
        assert!(
            !text.contains("7777 7") && !text.contains("noemail"),
            "{text}"
        );
    }
    // The +44 7777 777777 mobile is a valid UK number: refused as a placeholder, not as invalid.
    assert!(normalize_phone("+44 7777 777777", "GB").is_ok());
}

#[test]
fn a_policys_own_placeholder_is_compared_as_written_in_any_case() {
    let mut policy = LinkPolicy::default();
    policy.placeholders.email_local_parts = vec![" Kein.Email ".into(), "ÄÖ".into()];
    let records = vec![
        rec("pos", "a", 0, &[id(EMAIL, "keinemail@laden.de")], "Ann"),
        rec("pos", "b", 0, &[id(EMAIL, "KEIN-EMAIL+2@laden.de")], "Bob"),
        rec("pos", "c", 0, &[id(EMAIL, "äö@laden.de")], "Cy"),
        // Longer or shorter than a pattern: an address like any other.
        rec("web", "d", 0, &[id(EMAIL, "keinemails@laden.de")], "Di"),
        rec("web", "e", 0, &[id(EMAIL, "kein@laden.de")], "Ed"),
    ];
    let mut book = CustomerBook::new(policy).unwrap();
    book.add_records(records).unwrap();
    let flagged: Vec<&str> = book
        .resolution()
        .issues
        .iter()
        .map(|i| i.record.as_str())
        .collect();
    assert_eq!(flagged, ["pos/a", "pos/b", "pos/c"]);
}

#[test]
fn an_unknown_identifier_kind_is_an_issue_and_a_declared_one_is_read() {
    let records = vec![
        rec("pos", "1", 0, &[id("Email", "ann@example.com")], "Ann"),
        rec("web", "2", 0, &[id(EMAIL, "ann@example.com")], "Ann"),
        rec("web", "3", 0, &[id("web_account", "acct-1")], "Ann"),
    ];
    let mut book = CustomerBook::default();
    book.add_records(records.clone()).unwrap();
    let issues = &book.resolution().issues;
    assert_eq!(issues.len(), 2);
    assert!(issues[0]
        .error
        .to_string()
        .contains("did you mean \"email\""));
    assert!(issues[1]
        .error
        .to_string()
        .contains("declare a kind of your own"));
    assert_eq!(book.profile_of("pos/1").unwrap().members, ["pos/1"]);

    let mut declared = CustomerBook::new(LinkPolicy {
        kinds: vec!["web_account".into()],
        ..LinkPolicy::default()
    })
    .unwrap();
    declared.add_records(records).unwrap();
    assert_eq!(declared.resolution().issues.len(), 1);
    assert_eq!(
        declared.profile_of("web/3").unwrap().identifiers[0].0,
        "web_account"
    );
}

#[test]
fn seventy_thousand_distinct_kinds_never_wrap_onto_loyalty() {
    // Each record carries a made-up kind and the same value as a loyalty card:
    // no kind index may wrap around to `loyalty` and merge them.
    let records: Vec<CustomerRecord> = (0..70_000)
        .map(|i| {
            rec(
                "pos",
                &format!("r{i}"),
                0,
                &[id(&format!("k{i}"), "11112222")],
                "x",
            )
        })
        .collect();
    let mut book = CustomerBook::default();
    book.add_records(records).unwrap();
    book.add_records([rec("web", "card", 0, &[id(LOYALTY, "11112222")], "y")])
        .unwrap();
    assert_eq!(book.profile_of("web/card").unwrap().members, ["web/card"]);
    assert_eq!(book.profiles().count(), 70_001);
}

#[test]
fn blocked_values_and_patterns_are_checked_when_the_policy_loads() {
    let load = |change: fn(&mut LinkPolicy)| {
        let mut policy = LinkPolicy::default();
        change(&mut policy);
        CustomerBook::new(policy).map(|_| ())
    };
    let err = load(|p| p.blocked.push(id(PHONE, "+10000000000"))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("policy.blocked[0]"), "{err}");
    assert!(!err.to_string().contains("0000000000"), "{err}");
    assert!(load(|p| p.blocked.push(id("Email", "a@b.com"))).is_err());
    assert!(load(|p| p.blocked.push(id(PHONE, "+1 415 555 0100"))).is_ok());
    // A placeholder may be named as a blocked value: it is blocked either way.
    assert!(load(|p| p.blocked.push(id(EMAIL, "noemail@noemail.com"))).is_ok());
    let err = load(|p| p.placeholders.email_local_parts.push("x@y".into())).unwrap_err();
    assert!(err.to_string().contains("email_local_parts[19]"), "{err}");
    assert!(load(|p| p.kinds.push("Web Account".into())).is_err());
    assert!(load(|p| p.kinds.push(EMAIL.into())).is_ok());
}

fn person(by: &str) -> (String, String) {
    (by.to_string(), "checked with the shopper".to_string())
}

fn always(a: &str, b: &str) -> Correction {
    let (by, reason) = person("cs-1");
    Correction::AlwaysLink {
        record_a: a.into(),
        record_b: b.into(),
        by,
        reason,
    }
}

fn never(a: &str, b: &str) -> Correction {
    let (by, reason) = person("cs-1");
    Correction::NeverLink {
        record_a: a.into(),
        record_b: b.into(),
        by,
        reason,
    }
}

fn points(event: &str, record: &str, kind: PointsKind, n: i64) -> PointsEvent {
    PointsEvent {
        event_id: EventId::new(event).unwrap(),
        loyalty_id: None,
        record: Some(record.into()),
        kind,
        points: n,
        occurred_at: at(1),
    }
}

/// r1 {card 1, ann@}, r2 {card 1}, r3 {card 2, ann@}: r1 and r2 share a
/// card; r3 would bring a second card, so it waits for review.
fn two_cards() -> Vec<CustomerRecord> {
    vec![
        rec(
            "pos",
            "r1",
            0,
            &[id(LOYALTY, "11111111"), id(EMAIL, "ann@example.com")],
            "Ann",
        ),
        rec("pos", "r2", 1, &[id(LOYALTY, "11111111")], "Ann"),
        rec(
            "web",
            "r3",
            2,
            &[id(LOYALTY, "22222222"), id(EMAIL, "ann@example.com")],
            "Ann",
        ),
    ]
}

#[test]
fn accepting_a_review_item_merges_exactly_the_two_sides_it_showed() {
    let mut book = CustomerBook::default();
    book.add_records(two_cards()).unwrap();
    book.apply_points(points("e1", "pos/r2", PointsKind::Earn, 50))
        .unwrap();
    let item = book.resolution().review[0].clone();
    assert_eq!(
        (item.left.clone(), item.right.clone()),
        (
            vec!["pos/r1".to_string(), "pos/r2".into()],
            vec!["web/r3".to_string()]
        )
    );

    // A plain always-link of the item's two records keeps r2 too: it
    // brings no identifier the merged profile lacks.
    let mut linked = book.clone();
    linked
        .correct(always(&item.record_a, &item.record_b))
        .unwrap();
    let p = linked.profile_of("pos/r2").unwrap();
    assert_eq!(p.members, ["pos/r1", "pos/r2", "web/r3"]);
    assert!(linked.resolution().review.is_empty());
    assert_eq!(linked.balance(&p.profile_id), 50);

    let (by, reason) = person("cs-2");
    let effect = book
        .correct(Correction::AcceptReview {
            left: item.left.clone(),
            right: item.right.clone(),
            by,
            reason,
        })
        .unwrap();
    assert!(effect.recorded);
    let p = book.profile_of("web/r3").unwrap();
    assert_eq!(p.members, ["pos/r1", "pos/r2", "web/r3"]);
    assert!(book.resolution().review.is_empty());
    assert_eq!(book.balance(&p.profile_id), 50);
    // Only r3 moved; the merged profile gained nothing in points.
    assert_eq!(effect.moved.len(), 1);
    assert_eq!(effect.moved[0].record, "web/r3");
    assert_eq!(effect.moved[0].to, p.profile_id);
    assert!(book
        .resolution()
        .merges
        .iter()
        .any(|m| m.via == "accept_review"));
}

#[test]
fn an_accepted_side_stays_whole_where_a_later_limit_would_split_it() {
    // Left: a, b, c share a phone and hold three emails (the limit); right:
    // d holds a fourth email and the phone. A plain always-link of a and d
    // would let the limit split c off; accepting the item keeps both sides.
    let phone = id(PHONE, "(415) 555-2671");
    let records = vec![
        rec("pos", "a", 0, &[id(EMAIL, "a@x.com"), phone.clone()], "Ann"),
        rec("pos", "b", 0, &[id(EMAIL, "b@x.com"), phone.clone()], "Ann"),
        rec("pos", "c", 0, &[id(EMAIL, "c@x.com"), phone.clone()], "Ann"),
        rec("web", "d", 0, &[id(EMAIL, "d@x.com"), phone], "Ann"),
    ];
    let mut book = CustomerBook::default();
    book.add_records(records).unwrap();
    let item = book.resolution().review[0].clone();
    assert_eq!(item.left, ["pos/a", "pos/b", "pos/c"]);
    assert_eq!(item.right, ["web/d"]);
    let mut plain = book.clone();
    plain.correct(always("pos/a", "web/d")).unwrap();
    assert_eq!(plain.profile_of("pos/c").unwrap().members, ["pos/c"]);
    let (by, reason) = person("cs-2");
    book.correct(Correction::AcceptReview {
        left: item.left,
        right: item.right,
        by,
        reason,
    })
    .unwrap();
    assert_eq!(
        book.profile_of("pos/c").unwrap().members,
        ["pos/a", "pos/b", "pos/c", "web/d"]
    );
}

#[test]
fn corrections_are_listed_and_withdrawn_and_say_what_they_moved() {
    let mut fresh = CustomerBook::default();
    fresh.add_records(story()).unwrap();
    let untouched = fresh.resolution().clone();

    let mut book = fresh.clone();
    let split = never("pos/c-17", "web/u-901");
    let effect = book.correct(split.clone()).unwrap();
    assert!(effect.recorded);
    assert!(!effect.moved.is_empty());
    assert_eq!(book.corrections(), std::slice::from_ref(&split));
    assert!(!book.correct(split.clone()).unwrap().recorded);

    let back = book.withdraw(split.clone()).unwrap();
    assert!(back.recorded);
    assert_eq!(back.moved.len(), effect.moved.len());
    assert!(book.corrections().is_empty());
    assert_eq!(book.resolution(), &untouched);
    assert!(!book.withdraw(split).unwrap().recorded);

    // A blocked value withdrawn links again.
    let (by, reason) = person("cs-3");
    let block = Correction::NeverLinkValue {
        identifier: id(PHONE, "+1 415 555 2671"),
        by,
        reason,
    };
    book.correct(block.clone()).unwrap();
    assert_ne!(book.resolution(), &untouched);
    // Kept as its hash: the clear phone is in no correction and no snapshot of one.
    let Correction::NeverLinkValue { identifier, .. } = &book.corrections()[0] else {
        panic!("{:?}", book.corrections());
    };
    assert!(identifier.hashed);
    assert_eq!(identifier.value, sha256_hex("+14155552671"));
    let mut bare = CustomerBook::default();
    bare.correct(block.clone()).unwrap();
    let text = String::from_utf8(bare.to_snapshot()).unwrap();
    assert!(!text.contains("415") && !text.contains("2671"), "{text}");
    book.withdraw(block).unwrap();
    assert_eq!(book.resolution(), &untouched);
}

#[test]
fn a_split_after_a_redemption_leaves_no_profile_below_zero() {
    // Earn 100 on r1 and 40 on r2 while they are one profile, redeem 120
    // through r2, then a person splits them.
    let mut book = CustomerBook::default();
    let email = id(EMAIL, "family@example.com");
    book.add_records(vec![
        rec("pos", "r1", 0, std::slice::from_ref(&email), "A. Lee"),
        rec("web", "r2", 0, &[email], "Ann Lee"),
    ])
    .unwrap();
    book.apply_points(points("e1", "pos/r1", PointsKind::Earn, 100))
        .unwrap();
    book.apply_points(points("e2", "web/r2", PointsKind::Earn, 40))
        .unwrap();
    book.apply_points(points("x1", "web/r2", PointsKind::Redeem, 120))
        .unwrap();
    // Drawn from r2's own account first, then from r1's.
    let drawn = &book.postings()[2].1;
    assert_eq!(
        drawn,
        &[
            ("record:web/r2".to_string(), -40),
            ("record:pos/r1".to_string(), -80)
        ]
    );
    let effect = book.correct(never("pos/r1", "web/r2")).unwrap();
    let r1 = book.profile_of("pos/r1").unwrap().profile_id;
    let r2 = book.profile_of("web/r2").unwrap().profile_id;
    assert_eq!((book.balance(&r1), book.balance(&r2)), (20, 0));
    assert_eq!(book.total_points(), 20);
    // The report names the new profile and its balance.
    assert!(effect
        .balances
        .iter()
        .any(|b| b.profile_id == r2 && b.after == Some(0)));
    // A snapshot keeps the draws: the restored book has the same balances.
    let restored = CustomerBook::from_snapshot(&book.to_snapshot()).unwrap();
    assert_eq!((restored.balance(&r1), restored.balance(&r2)), (20, 0));
    // An expiry beyond a profile's balance is refused like a redemption.
    let err = book
        .apply_points(points("x2", "web/r2", PointsKind::Expire, 1))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InsufficientPoints);
}

#[test]
fn points_for_a_record_not_yet_in_the_book_are_held_and_listed() {
    let mut book = CustomerBook::default();
    book.apply_points(points("e1", "app/later", PointsKind::Earn, 30))
        .unwrap();
    let card = PointsEvent {
        loyalty_id: Some("9999-8888".into()),
        record: None,
        ..points("e2", "x/x", PointsKind::Earn, 5)
    };
    book.apply_points(card).unwrap();
    let unclaimed = book.unclaimed_points();
    assert_eq!(unclaimed.len(), 2);
    assert_eq!(unclaimed[1].account, "record:app/later");
    assert_eq!(
        unclaimed[0].account,
        format!("loyalty:{}", sha256_hex("99998888"))
    );
    assert_eq!(book.total_points(), 35);
    book.add_records([rec("app", "later", 0, &[id(LOYALTY, "99998888")], "Cy")])
        .unwrap();
    assert!(book.unclaimed_points().is_empty());
    let p = book.profile_of("app/later").unwrap();
    assert_eq!(book.balance(&p.profile_id), 35);
}

proptest! {
    /// Corrections made and withdrawn in any interleaving leave exactly the
    /// book that the corrections still in force give; points are conserved
    /// through every merge, split and withdrawal, and no profile is ever
    /// below zero.
    #[test]
    fn withdrawals_leave_the_book_the_remaining_corrections_give(
        records in records_strategy(),
        kept in corrections_strategy(),
        dropped in corrections_strategy(),
        earns in prop::collection::vec((0usize..3, 0usize..12, 1i64..100), 0..6),
        redeems in prop::collection::vec((0usize..3, 0usize..12, 1i64..150), 0..4),
    ) {
        let keys: Vec<String> = records.iter().map(CustomerRecord::key).collect();
        let key = |s: usize, r: usize| format!("{}/r{r}", ["pos", "web", "app"][s]);
        let mut book = CustomerBook::default();
        book.add_records(records.clone()).unwrap();
        let mut total = 0i64;
        for (i, (s, r, n)) in earns.iter().enumerate() {
            book.apply_points(points(&format!("e{i}"), &key(*s, *r), PointsKind::Earn, *n)).unwrap();
            total += n;
        }
        for c in dropped.iter().chain(&kept) {
            book.correct(c.clone()).unwrap();
        }
        for (i, (s, r, n)) in redeems.iter().enumerate() {
            if book.apply_points(points(&format!("x{i}"), &key(*s, *r), PointsKind::Redeem, *n)).is_ok() {
                total -= n;
            }
        }
        for c in &dropped {
            if !kept.contains(c) {
                book.withdraw(c.clone()).unwrap();
            }
            prop_assert_eq!(book.total_points(), total);
        }
        let expected = resolve(&records, &LinkPolicy::default(), &kept).unwrap();
        prop_assert_eq!(book.resolution(), &expected);
        let mut sum = 0i64;
        for p in &expected.profiles {
            let balance = book.balance(&p.profile_id);
            prop_assert!(balance >= 0);
            sum += balance;
        }
        let unclaimed: i64 = book.unclaimed_points().iter().map(|u| u.points).sum();
        prop_assert_eq!(sum + unclaimed, total);
        prop_assert!(keys.iter().all(|k| book.profile_of(k).is_some()));
    }
}

#[test]
fn a_nightly_full_reload_keeps_the_books_size() {
    let night = |n: i64| -> Vec<CustomerRecord> {
        (0..200)
            .map(|i| {
                let email = id(EMAIL, &format!("s{}@x.com", i % 150));
                rec(
                    "web",
                    &format!("u{i}"),
                    n * 1440 + i,
                    &[email],
                    &format!("n{n}"),
                )
            })
            .collect()
    };
    let mut book = CustomerBook::default();
    book.add_records(night(0)).unwrap();
    let first = book.resolution().clone();
    for n in 1..4 {
        book.add_records(night(n)).unwrap();
        // An older observation sent again (a late file) is dropped too.
        book.add_records(night(n - 1)).unwrap();
    }
    assert_eq!(book.parts().0.len(), 200);
    // Each record is its newest observation; profiles are as a fresh load gives.
    let mut fresh = CustomerBook::default();
    fresh.add_records(night(3)).unwrap();
    assert_eq!(book.resolution(), fresh.resolution());
    assert_eq!(book.resolution().profiles.len(), first.profiles.len());
    let p = book.profile_of("web/u7").unwrap();
    assert_eq!(p.golden.get("name").map(String::as_str), Some("n3"));
    let restored = CustomerBook::from_snapshot(&book.to_snapshot()).unwrap();
    assert_eq!(restored.parts().0.len(), 200);
}

proptest! {
    /// Re-observations in any batches keep one record per key, each the
    /// newest, and resolve as the newest records alone do.
    #[test]
    fn re_observations_are_compacted_in_any_batches(
        records in records_strategy(),
        again in records_strategy(),
        cut in 0usize..25,
    ) {
        let mut book = CustomerBook::default();
        let all: Vec<CustomerRecord> = records.iter().chain(&again).cloned().collect();
        let cut = cut.min(all.len());
        book.add_records(all[..cut].to_vec()).unwrap();
        book.add_records(all[cut..].to_vec()).unwrap();
        let mut keys: Vec<String> = all.iter().map(CustomerRecord::key).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(book.parts().0.len(), keys.len());
        let expected = resolve(&all, &LinkPolicy::default(), &[]).unwrap();
        prop_assert_eq!(book.resolution(), &expected);
    }
}

/// Four people on one landline, each with their own email (or none, as at
/// a counter sign-up).
fn landline(with_emails: bool) -> Vec<CustomerRecord> {
    ["Ann Lee", "Bob Lee", "Cy Lee", "Lee, Di"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut ids = vec![id(PHONE, "(415) 555-2671")];
            if with_emails {
                ids.push(id(EMAIL, &format!("p{i}@example.com")));
            }
            rec("pos", &format!("h{i}"), i as i64, &ids, name)
        })
        .collect()
}

#[test]
fn a_household_landline_joins_no_one_whose_names_differ() {
    for with_emails in [true, false] {
        let r = resolve(&landline(with_emails), &LinkPolicy::default(), &[]).unwrap();
        assert_eq!(r.profiles.len(), 4, "emails: {with_emails}");
        assert!(r.merges.is_empty());
        assert!(!r.review.is_empty());
        for item in &r.review {
            assert!(
                item.reason.contains("given names differ"),
                "{}",
                item.reason
            );
            assert!(!item.reason.contains("Ann") && !item.reason.contains("Bob"));
        }
    }
    // The same shopper twice (a typo, an initial, a title) still merges.
    let same = vec![
        rec("pos", "1", 0, &[id(PHONE, "(415) 555-2671")], "Ann Lee"),
        rec("web", "2", 1, &[id(PHONE, "+14155552671")], "Mrs A. Lee"),
        rec("app", "3", 2, &[id(PHONE, "415 555 2671")], "Anne Lee"),
        rec("pos", "4", 3, &[id(PHONE, "415 555 2671")], ""),
    ];
    let r = resolve(&same, &LinkPolicy::default(), &[]).unwrap();
    assert_eq!(r.profiles.len(), 1);
    // The check off: the shared value links as before.
    let off = LinkPolicy {
        households: Households {
            kinds: Vec::new(),
            ..Households::default()
        },
        limits: [(PHONE.to_string(), 2)].into_iter().collect(),
        ..LinkPolicy::default()
    };
    let r = resolve(&landline(false), &off, &[]).unwrap();
    assert_eq!(r.profiles.len(), 1);
}

#[test]
fn a_father_and_son_of_one_name_are_kept_apart_by_their_dates_of_birth() {
    let person = |id_: &str, born: &str| {
        let mut r = rec(
            "pos",
            id_,
            0,
            &[id(EMAIL, "smiths@example.com")],
            "John Smith",
        );
        r.attributes.insert("date_of_birth".into(), born.into());
        r
    };
    let r = resolve(
        &[person("sr", "1958-04-02"), person("jr", "1989-11-30")],
        &LinkPolicy::default(),
        &[],
    )
    .unwrap();
    assert_eq!(r.profiles.len(), 2);
    assert!(r.review[0].reason.contains("dates of birth differ"));
    let r = resolve(
        &[person("a", "1958-04-02"), person("b", "02/04/1958")],
        &LinkPolicy::default(),
        &[],
    )
    .unwrap();
    // Different digit orders of one date are not read as one date: a person decides.
    assert_eq!(r.profiles.len(), 2);
    let r = resolve(
        &[person("a", "1958-04-02"), person("b", "1958-04-02")],
        &LinkPolicy::default(),
        &[],
    )
    .unwrap();
    assert_eq!(r.profiles.len(), 1);
}

#[test]
fn a_keyed_book_shows_no_hash_anyone_can_reverse_and_links_the_same() {
    let secret = [42u8; 32];
    let mut plain = CustomerBook::default();
    let mut keyed = CustomerBook::keyed(LinkPolicy::default(), &secret).unwrap();
    for book in [&mut plain, &mut keyed] {
        book.add_records(story()).unwrap();
        book.add_records(landline(false)).unwrap();
        book.apply_points(PointsEvent {
            loyalty_id: Some("5555 6666".into()),
            record: None,
            ..points("e1", "x/x", PointsKind::Earn, 9)
        })
        .unwrap();
    }
    let (p, k) = (plain.resolution().clone(), keyed.resolution().clone());
    let members = |r: &Resolution| {
        let mut m: Vec<Vec<String>> = r.profiles.iter().map(|p| p.members.clone()).collect();
        m.sort();
        m
    };
    assert_eq!(members(&p), members(&k));
    let phone = sha256_hex("+14155552671");
    let shows = |r: &Resolution| {
        r.review.iter().any(|i| i.identifier == phone)
            || r.profiles
                .iter()
                .any(|p| p.identifiers.iter().any(|(_, h)| *h == phone))
    };
    assert!(shows(&p));
    assert!(!shows(&k));
    assert!(k
        .profiles
        .iter()
        .all(|x| p.profiles.iter().all(|y| x.profile_id != y.profile_id)));
    let card = sha256_hex("55556666");
    assert!(plain.unclaimed_points()[0].account.contains(&card));
    assert!(!keyed.unclaimed_points()[0].account.contains(&card));
    // The same secret gives the same ids; the secret is not in the snapshot.
    let bytes = keyed.to_snapshot();
    assert!(!bytes.windows(32).any(|w| w == secret));
    let restored = CustomerBook::from_snapshot_keyed(&bytes, &secret).unwrap();
    assert_eq!(restored, keyed);
    let code = |r: crate::Result<CustomerBook>| r.unwrap_err().code();
    assert_eq!(
        code(CustomerBook::from_snapshot(&bytes)),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(CustomerBook::from_snapshot_keyed(&bytes, &[1u8; 32])),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(CustomerBook::from_snapshot_keyed(
            &plain.to_snapshot(),
            &secret
        )),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(CustomerBook::keyed(LinkPolicy::default(), b"too short")),
        ErrorCode::InvalidArgument
    );
}

/// Records no identifier joins: a shopper at the counter and online with
/// typos, and a namesake neighbour.
fn unjoined() -> Vec<CustomerRecord> {
    let person = |source: &str, id_: &str, a: [&str; 5]| {
        let mut r = rec(source, id_, 0, &[], "");
        r.attributes = [
            "given_name",
            "surname",
            "date_of_birth",
            "address_1",
            "postcode",
        ]
        .iter()
        .zip(a)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        r
    };
    let mut out = Vec::new();
    for i in 0..30 {
        let (g, s) = (format!("given{i}"), format!("surname{}", i % 20));
        let dob = format!("19{:02}0{}1{}", 50 + i, 1 + i % 9, i % 10);
        let street = format!("{i} street");
        let pc = format!("{}", 2000 + i);
        out.push(person(
            "pos",
            &format!("p{i}"),
            [&g, &s, &dob, &street, &pc],
        ));
        if i % 2 == 0 {
            let typo = format!("{g}x");
            out.push(person(
                "web",
                &format!("w{i}"),
                [&typo, &s, &dob, &street, &pc],
            ));
        }
    }
    out
}

#[test]
fn suggestions_find_what_no_identifier_joins_and_merge_nothing() {
    let mut book = CustomerBook::default();
    book.add_records(unjoined()).unwrap();
    let before = book.resolution().clone();
    let found = book.suggestions(&Scoring::default()).unwrap();
    let pairs: Vec<(String, String)> = found
        .suggestions
        .iter()
        .map(|s| (s.record_a.clone(), s.record_b.clone()))
        .collect();
    let mut expected: Vec<(String, String)> = (0..30)
        .step_by(2)
        .map(|i| (format!("pos/p{i}"), format!("web/w{i}")))
        .collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(book.resolution(), &before);
    let s = &found.suggestions[0];
    assert!(s.probability >= 0.5 && s.score > 0.0);
    assert_eq!(s.evidence.len(), Scoring::default().fields.len());
    // Accepting one merges exactly its two profiles.
    let (by, reason) = person("cs-9");
    book.correct(Correction::AcceptReview {
        left: s.left.clone(),
        right: s.right.clone(),
        by,
        reason,
    })
    .unwrap();
    assert_eq!(book.profile_of(&s.record_a).unwrap().members.len(), 2);
    // Any input order gives the same suggestions.
    let mut reversed = CustomerBook::default();
    reversed
        .add_records(unjoined().into_iter().rev().collect::<Vec<_>>())
        .unwrap();
    assert_eq!(reversed.suggestions(&Scoring::default()).unwrap(), found);
}

fn hashed_as(kind: &str, text: &str, convention: HashConvention) -> IdentifierInput {
    IdentifierInput {
        kind: kind.into(),
        value: sha256_hex(text),
        hashed: true,
        convention: Some(convention),
    }
}

#[test]
fn an_inbound_hash_links_under_the_convention_the_policy_declares() {
    let records = vec![
        rec(
            "pos",
            "c1",
            0,
            &[id(PHONE, "(415) 555-2671"), id(EMAIL, "Ann.Lee@gmail.com")],
            "Ann",
        ),
        // One ad platform hashes phones as digits only, another emails unfolded.
        rec(
            "ads",
            "m1",
            0,
            &[hashed_as(
                PHONE,
                "14155552671",
                HashConvention::PhoneDigitsOnly,
            )],
            "",
        ),
        rec(
            "ads",
            "m2",
            0,
            &[hashed_as(
                EMAIL,
                "ann.lee@gmail.com",
                HashConvention::EmailLowercase,
            )],
            "",
        ),
        // Colleagues on extensions: the platform's line hash joins neither.
        rec("pos", "x1", 0, &[id(PHONE, "(212) 555-0134 ext. 12")], "Cy"),
        rec(
            "ads",
            "m3",
            0,
            &[hashed_as(
                PHONE,
                "12125550134",
                HashConvention::PhoneDigitsOnly,
            )],
            "",
        ),
    ];
    let undeclared = resolve(&records, &LinkPolicy::default(), &[]).unwrap();
    assert!(undeclared.profiles.iter().all(|p| p.members.len() == 1));
    assert!(undeclared
        .issues
        .iter()
        .any(|i| i.error.to_string().contains("do not declare")));
    let policy = LinkPolicy {
        email_provider_rules: true,
        hashed_conventions: vec![
            HashConvention::PhoneDigitsOnly,
            HashConvention::EmailLowercase,
        ],
        ..LinkPolicy::default()
    };
    let r = resolve(&records, &policy, &[]).unwrap();
    let c1 = r
        .profiles
        .iter()
        .find(|p| p.members.contains(&"pos/c1".to_string()))
        .unwrap();
    assert_eq!(c1.members, ["ads/m1", "ads/m2", "pos/c1"]);
    assert!(c1
        .identifiers
        .iter()
        .any(|(k, _)| k == "phone@phone_digits_only"));
    let x1 = r
        .profiles
        .iter()
        .find(|p| p.members.contains(&"pos/x1".to_string()))
        .unwrap();
    assert_eq!(x1.members, ["pos/x1"]);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    // A convention that names no kind, or one named twice, is refused at load.
    let twice = LinkPolicy {
        hashed_conventions: vec![HashConvention::GmailFolded, HashConvention::GmailFolded],
        ..LinkPolicy::default()
    };
    assert_eq!(
        CustomerBook::new(twice).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    let canonical = LinkPolicy {
        hashed_conventions: vec![HashConvention::Canonical],
        ..LinkPolicy::default()
    };
    assert!(CustomerBook::new(canonical).is_err());
}

#[test]
fn one_shared_phone_on_twenty_thousand_records_of_one_name_merges_them_all() {
    // A store's own number typed on every sale, unblocked: one cluster,
    // every record's household check against a growing profile. Each side's
    // names are kept as sides join (reading every member at each merge
    // took 21 s here in release).
    let records: Vec<CustomerRecord> = (0..20_000)
        .map(|i| {
            rec(
                "pos",
                &format!("r{i}"),
                0,
                &[id(PHONE, "+14155552671")],
                "Ann Lee",
            )
        })
        .collect();
    let mut book = CustomerBook::default();
    book.add_records(records).unwrap();
    let r = book.resolution();
    assert_eq!(r.profiles.len(), 1);
    assert_eq!(r.profiles[0].members.len(), 20_000);
}
