//! Settlements against payments and refunds: duplicates, matching by
//! reference, suggestions, amounts and fees; chargebacks and payouts.

// Amounts in a run are below MAX_AMOUNT (10^18, checked when rows are
// validated), so sums of fewer than 79 billion of them, their differences
// and their fee products fit a decimal; counts and indexes are bounded by
// the rows given. The arithmetic lint is allowed here for that reason.
#![allow(clippy::arithmetic_side_effects)]

use super::*;

impl<'a> Engine<'a> {
    /// Live settlement lines of `kind`, in (settled_at, id) order.
    pub(super) fn sorted_lines(&mut self, kind: SettlementKind) -> Vec<u32> {
        let lines = &self.input.settlements;
        if self.settlement_order.is_empty() {
            self.settlement_order = sorted_by_key(
                (0..lines.len() as u32).filter(|&i| self.settlement_live[i as usize]),
                |i| {
                    let line = &lines[i as usize];
                    (line.settled_at.unix_micros(), line.id.as_str())
                },
            );
        }
        self.settlement_order
            .iter()
            .copied()
            .filter(|&i| lines[i as usize].kind == kind)
            .collect()
    }

    /// Charges against payments, or refund settlements against refunds:
    /// duplicates first, then processor reference, merchant reference, and
    /// a suggestion for what is left.
    pub(super) fn match_processor_records(&mut self, kind: SettlementKind) {
        let input = self.input;
        let refunds = kind == SettlementKind::Refund;
        let lines = self.sorted_lines(kind);

        let found_by_reference = self.references(&lines, refunds);

        let confirmed: FxHashMap<&str, (&str, &str)> = self
            .config
            .confirmed_matches
            .iter()
            .map(|c| {
                (
                    c.settlement_id.as_str(),
                    (c.order_id.as_str(), c.record_id.as_str()),
                )
            })
            .collect();

        let mut unmatched = Vec::new();
        for (s, reference) in lines.into_iter().zip(found_by_reference) {
            let line = &input.settlements[s as usize];
            let by_processor_reference = match reference {
                ByReference::Repeat(first) => {
                    self.duplicate(s, first);
                    continue;
                }
                ByReference::First(tender) => tender,
                ByReference::Unreferenced => None,
            };
            let found = self
                .confirmed_tender(confirmed.get(line.id.as_str()).copied(), refunds)
                .map(|t| (t, MatchKind::Confirmed))
                .or_else(|| {
                    let t = by_processor_reference?;
                    let kind = if refunds {
                        MatchKind::RefundByProcessorReference
                    } else {
                        MatchKind::ChargeByProcessorReference
                    };
                    (!self.is_matched(t, refunds)).then_some((t, kind))
                })
                .or_else(|| {
                    let kind = if refunds {
                        MatchKind::RefundByMerchantReference
                    } else {
                        MatchKind::ChargeByMerchantReference
                    };
                    self.by_merchant_reference(line, refunds).map(|t| (t, kind))
                });
            match found {
                Some((t, how)) => self.pair(s, t, how, refunds),
                None => unmatched.push(s),
            }
        }
        self.suggest(&unmatched, refunds);
    }

    /// What each of `lines` (in their order) finds by its processor
    /// reference among the live tenders that settle: the tender that has
    /// it (none when two share it), or, for a line after the first with its
    /// reference, that first line. Both sides are sorted on the reference
    /// and joined in runs, so a day's million references never wait on a
    /// lookup in a table larger than the cache.
    fn references(&self, lines: &[u32], refunds: bool) -> Vec<ByReference> {
        let input = self.input;
        // (processor, reference) of each tender and line that has one;
        // `who` is a tender's position in `held` or a line's in `lines`.
        let mut held: Vec<(Tender, &str, &str)> = Vec::new();
        for (o, order) in input.orders.iter().enumerate() {
            if !self.order_ok[o] {
                continue;
            }
            for (tender, v) in tenders(order, o as u32, refunds) {
                if let (true, true, Some(processor), Some(reference)) = (
                    self.is_live(tender, refunds),
                    v.method.settles(),
                    v.processor,
                    v.reference,
                ) {
                    held.push((tender, processor.as_str(), reference));
                }
            }
        }
        let line_key = |rank: u32| {
            let line = &input.settlements[lines[rank as usize] as usize];
            (line.processor.as_str(), line.processor_reference.as_deref())
        };
        const TENDER: u32 = 0;
        const LINE: u32 = 1;
        // The few processors, numbered, so a key is compared as integers.
        let mut processors: Vec<&str> = Vec::new();
        let mut number = |p: &'a str| match processors.iter().position(|&q| q == p) {
            Some(n) => n as u32,
            None => {
                processors.push(p);
                processors.len() as u32 - 1
            }
        };
        // (the reference's first 16 bytes, processor and length up to 17,
        // side, who): the integers alone tell two keys apart unless both
        // references are longer than 16 bytes.
        let packed = |reference: &str, processor: u32| {
            let length = reference.len().min(17) as u64;
            (text_prefix(reference), u64::from(processor) << 8 | length)
        };
        let mut keyed: Vec<(u128, u64, u32, u32)> = Vec::with_capacity(held.len() + lines.len());
        for (i, &(_, p, r)) in held.iter().enumerate() {
            let (prefix, rest) = packed(r, number(p));
            keyed.push((prefix, rest, TENDER, i as u32));
        }
        for rank in 0..lines.len() as u32 {
            if let (p, Some(r)) = line_key(rank) {
                let (prefix, rest) = packed(r, number(p));
                keyed.push((prefix, rest, LINE, rank));
            }
        }
        keyed.sort_unstable();
        let reference = |k: &(u128, u64, u32, u32)| {
            if k.2 == TENDER {
                held[k.3 as usize].2
            } else {
                line_key(k.3).1.unwrap_or_default()
            }
        };
        let long = |k: &(u128, u64, u32, u32)| k.1 & 0xff > 16;
        // Long references that share all the integers: by the whole text,
        // tenders before lines, lines in their order.
        for run in keyed.chunk_by_mut(|a, b| (a.0, a.1) == (b.0, b.1)) {
            if run.len() > 1 && long(&run[0]) {
                run.sort_unstable_by(|a, b| {
                    (reference(a), a.2, a.3).cmp(&(reference(b), b.2, b.3))
                });
            }
        }
        let same = |a: &(u128, u64, u32, u32), b: &(u128, u64, u32, u32)| {
            (a.0, a.1) == (b.0, b.1) && (!long(a) || reference(a) == reference(b))
        };
        let mut found = vec![ByReference::Unreferenced; lines.len()];
        for group in keyed.chunk_by(same) {
            let tenders = group.iter().take_while(|k| k.2 == TENDER).count();
            let tender = match group[..tenders] {
                [(.., only)] => Some(held[only as usize].0),
                _ => None,
            };
            let mut first = None;
            for &(.., rank) in &group[tenders..] {
                found[rank as usize] = match first {
                    None => {
                        first = Some(lines[rank as usize]);
                        ByReference::First(tender)
                    }
                    Some(f) => ByReference::Repeat(f),
                };
            }
        }
        found
    }

    pub(super) fn confirmed_tender(
        &self,
        confirmed: Option<(&str, &str)>,
        refunds: bool,
    ) -> Option<Tender> {
        let (order_id, record_id) = confirmed?;
        let o = *self.orders.get(order_id)?;
        if !self.order_ok[o as usize] {
            return None;
        }
        let order = &self.input.orders[o as usize];
        let index = (0..tender_count(order, refunds))
            .position(|j| tender_view(order, refunds, j).id.as_str() == record_id)?;
        let t = Tender {
            order: o,
            index: index as u32,
        };
        (self.is_live(t, refunds) && !self.is_matched(t, refunds)).then_some(t)
    }

    /// The one unmatched tender of the named order from this processor (or,
    /// of several, the one with the settled amount).
    pub(super) fn by_merchant_reference(
        &self,
        line: &SettlementLine,
        refunds: bool,
    ) -> Option<Tender> {
        let o = *self.orders.get(line.merchant_reference.as_deref()?)?;
        if !self.order_ok[o as usize] {
            return None;
        }
        let order = &self.input.orders[o as usize];
        let mut candidates = Vec::new();
        for (t, v) in tenders(order, o, refunds) {
            let same_reference = match (v.reference, line.processor_reference.as_deref()) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if v.method.settles()
                && v.processor == Some(&line.processor)
                && same_reference
                && self.is_live(t, refunds)
                && !self.is_matched(t, refunds)
            {
                candidates.push((t, v.amount));
            }
        }
        match candidates.len() {
            1 => Some(candidates[0].0),
            0 => None,
            _ => {
                let settled = settled_amount(line, refunds)?;
                let mut same = candidates.iter().filter(|c| c.1 == settled);
                match (same.next(), same.next()) {
                    (Some(c), None) => Some(c.0),
                    _ => None,
                }
            }
        }
    }

    pub(super) fn duplicate(&mut self, s: u32, first: u32) {
        let line = &self.input.settlements[s as usize];
        self.settlement_status[s as usize] = EXCEPTION;
        let message = format!(
            "settlement {} repeats the {} for {} reference {} (first: {})",
            line.id,
            line.kind.as_str(),
            line.processor,
            line.processor_reference.as_deref().unwrap_or(""),
            self.input.settlements[first as usize].id
        );
        let at_risk = line.gross.unwrap_or(line.net).abs();
        self.raise(
            ReasonCode::DuplicateSettlement,
            vec![self.settlement_ref(s), self.settlement_ref(first)],
            Some(line.currency),
            None,
            None,
            Some(at_risk),
            line.settled_at,
            message,
        );
    }

    /// A settlement matched to its payment or refund: currency, amount, fee.
    pub(super) fn pair(&mut self, s: u32, t: Tender, how: MatchKind, refunds: bool) {
        let input = self.input;
        let line = &input.settlements[s as usize];
        let order = &input.orders[t.order as usize];
        let v = tender_view(order, refunds, t.index as usize);
        let (record, amount, method) = (self.tender_ref(t, refunds), v.amount, v.method);
        let flat = self.flat(t, refunds);
        if refunds {
            self.refund_matched[flat] = true;
        } else {
            self.pay_matched[flat] = true;
        }
        mark(self.tender_status(t, refunds), MATCHED);
        mark(&mut self.settlement_status[s as usize], MATCHED);
        let c = order.currency;
        let settlement = self.settlement_ref(s);
        let since = line.settled_at;

        // A line settled in another currency is compared on the gross as
        // charged, when the processor states it in the payment's currency.
        let converted = line.currency != c
            && line.original_currency == Some(c)
            && line.original_gross.is_some();
        if line.currency != c && !converted {
            *self.tender_status(t, refunds) = EXCEPTION;
            self.settlement_status[s as usize] = EXCEPTION;
            if refunds {
                self.summary(c).refunds_currency_mismatched += amount;
            } else {
                self.summary(c).currency_mismatched += amount;
            }
            let message = format!(
                "{} in {c} settled in {} ({}); amounts are not compared",
                record.label(),
                line.currency,
                settlement.label()
            );
            self.raise(
                ReasonCode::CurrencyMismatch,
                vec![record, settlement],
                Some(c),
                None,
                None,
                Some(amount),
                since,
                message,
            );
            return;
        }

        let settled = if converted {
            line.original_gross.map(|g| if refunds { -g } else { g })
        } else {
            settled_amount(line, refunds)
        };
        if !refunds {
            let sum = self.summary(c);
            sum.settled_gross += settled.unwrap_or(amount);
            sum.amount_differences += settled.map_or(Decimal::ZERO, |g| g - amount);
        } else {
            let sum = self.summary(c);
            sum.refunds_settled += settled.unwrap_or(amount);
            sum.refund_differences += settled.map_or(Decimal::ZERO, |g| g - amount);
        }
        let mut clean = true;
        if let Some(settled) = settled.filter(|&g| g != amount) {
            clean = false;
            *self.tender_status(t, refunds) = EXCEPTION;
            self.settlement_status[s as usize] = EXCEPTION;
            let message = format!(
                "{} of {amount} {c} settled as {settled} ({})",
                record.label(),
                settlement.label()
            );
            self.raise(
                ReasonCode::AmountMismatch,
                vec![record.clone(), settlement.clone()],
                Some(c),
                Some(amount),
                Some(settled),
                Some((settled - amount).abs()),
                since,
                message,
            );
        }
        // The schedule's fee is in the payment's currency; a converted
        // line's fee is in another, so it is not checked against it.
        if !refunds && !converted {
            clean &= self.fee_check(s, t, amount, method);
        }
        if clean {
            self.matches.push(how, [record, settlement]);
        }
    }

    /// The fee against the schedule, on the settled gross (the payment's
    /// amount for a net-only line). True when it is within tolerance.
    pub(super) fn fee_check(
        &mut self,
        s: u32,
        t: Tender,
        amount: Decimal,
        method: PaymentMethod,
    ) -> bool {
        let input: &'a Input = self.input;
        let line = &input.settlements[s as usize];
        let order = &input.orders[t.order as usize];
        let processor = order.payments[t.index as usize]
            .processor
            .as_ref()
            .unwrap_or(&line.processor)
            .as_str();
        let c = line.currency;
        let gross = line.gross.unwrap_or(amount);
        let actual = line.fee.unwrap_or(gross - line.net);
        self.summary(c).actual_fees += actual;
        let channel = order.channel.as_str();
        let cached = self
            .fee_cache
            .iter()
            .find(|k| k.0 == processor && k.1 == channel && k.2 == method)
            .map(|k| k.3);
        let index = cached.unwrap_or_else(|| {
            let rules = &self.config.fee_schedule;
            let index = self
                .config
                .fee_rule(processor, Some(&order.channel), Some(method))
                .and_then(|rule| rules.iter().position(|r| std::ptr::eq(r, rule)));
            self.fee_cache.push((processor, channel, method, index));
            index
        });
        let Some(rule) = index.map(|i| &self.config.fee_schedule[i]) else {
            return true;
        };
        let expected = rule.fee(gross, c);
        self.summary(c).expected_fees += expected;
        let diff = actual - expected;
        if diff.abs() <= self.config.fee_tolerance {
            return true;
        }
        self.settlement_status[s as usize] = EXCEPTION;
        let settlement = self.settlement_ref(s);
        let reported = if line.fee.is_some() {
            "fee"
        } else {
            "gross − net"
        };
        let message = format!(
            "{}: {reported} {actual} {c}, the schedule expects {expected} on {gross}",
            settlement.label()
        );
        let record = self.payment_ref(t);
        self.raise(
            ReasonCode::FeeVariance,
            vec![settlement, record],
            Some(c),
            Some(expected),
            Some(actual),
            Some(diff.abs()),
            line.settled_at,
            message,
        );
        false
    }

    /// Unmatched lines: one candidate is suggested, several are listed.
    pub(super) fn suggest(&mut self, unmatched: &[u32], refunds: bool) {
        if unmatched.is_empty() {
            return;
        }
        let input = self.input;
        // Open tenders by (processor, currency, amount).
        let mut open: FxHashMap<(&str, Currency, Decimal), Vec<Tender>> = FxHashMap::default();
        for (o, order) in input.orders.iter().enumerate() {
            if !self.order_ok[o] {
                continue;
            }
            for (t, v) in tenders(order, o as u32, refunds) {
                if let (true, Some(processor)) = (v.method.settles(), v.processor) {
                    if self.is_live(t, refunds) && !self.is_matched(t, refunds) {
                        open.entry((processor.as_str(), order.currency, v.amount))
                            .or_default()
                            .push(t);
                    }
                }
            }
        }
        for &s in unmatched {
            let line = &input.settlements[s as usize];
            self.settlement_status[s as usize] = EXCEPTION;
            let settlement = self.settlement_ref(s);
            let amount = settled_amount(line, refunds);
            let mut candidates: Vec<(RowRef, Instant)> = amount
                .and_then(|a| open.get(&(line.processor.as_str(), line.currency, a)))
                .into_iter()
                .flatten()
                .filter_map(|&t| {
                    let order = &input.orders[t.order as usize];
                    let at = tender_view(order, refunds, t.index as usize).at;
                    let inside =
                        at <= line.settled_at && line.settled_at <= plus_days(at, self.window);
                    inside.then_some((self.tender_ref(t, refunds), at))
                })
                .collect();
            candidates.sort();
            let what = if refunds { "refund" } else { "payment" };
            let message = format!(
                "{} ({} {} {} {}) matches no {what}",
                settlement.label(),
                line.processor,
                line.kind.as_str(),
                line.gross.unwrap_or(line.net),
                line.currency
            );
            let at_risk = line.gross.unwrap_or(line.net).abs();
            let window = self.window;
            let e = self.raise(
                ReasonCode::UnmatchedSettlement,
                vec![settlement],
                Some(line.currency),
                None,
                amount,
                Some(at_risk),
                line.settled_at,
                message,
            );
            match candidates.len() {
                0 => {}
                1 => {
                    let (record, at) = candidates.pop().expect("one candidate");
                    e.suggestion = Some(Suggestion {
                        evidence: format!(
                            "the only open {what} of {} {} from {} at {at}, {} day(s) or less before it settled",
                            amount.unwrap_or_default(),
                            line.currency,
                            line.processor,
                            window
                        ),
                        record,
                    });
                }
                _ => e.candidates = candidates.into_iter().map(|c| c.0).collect(),
            }
        }
    }

    /// Chargebacks stay open until a reversal for the same reference arrives.
    pub(super) fn chargebacks(&mut self) {
        let input = self.input;
        let mut reversals: FxHashMap<(&str, &str), Vec<u32>> = FxHashMap::default();
        for s in self.sorted_lines(SettlementKind::ChargebackReversal) {
            let line = &input.settlements[s as usize];
            self.summary(line.currency).chargeback_reversals += line.gross.unwrap_or(line.net);
            mark(&mut self.settlement_status[s as usize], MATCHED);
            if let Some(r) = line.processor_reference.as_deref() {
                reversals
                    .entry((line.processor.as_str(), r))
                    .or_default()
                    .push(s);
            }
        }
        for (_, list) in reversals.iter_mut() {
            list.reverse(); // popped from the end: earliest first
        }
        let mut open = Vec::new();
        for s in self.sorted_lines(SettlementKind::Chargeback) {
            let line = &input.settlements[s as usize];
            self.summary(line.currency).chargebacks -= line.gross.unwrap_or(line.net);
            let key = line
                .processor_reference
                .as_deref()
                .map(|r| (line.processor.as_str(), r));
            if let Some(reversal) = key.and_then(|k| reversals.get_mut(&k)?.pop()) {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                let rows = [self.settlement_ref(s), self.settlement_ref(reversal)];
                self.matches.push(MatchKind::ChargebackReversed, rows);
            } else {
                open.push((s, key));
            }
        }
        // The order each open chargeback is about, by its payment's processor
        // reference (the last payment that has it): only the open ones'
        // references are looked for, so the map stays small however many
        // payments the day has.
        let mut order_of: FxHashMap<(&str, &str), u32> = open
            .iter()
            .filter_map(|&(_, key)| Some((key?, u32::MAX)))
            .collect();
        if !order_of.is_empty() {
            for (o, order) in input.orders.iter().enumerate() {
                for p in &order.payments {
                    if let (Some(pr), Some(r)) = (&p.processor, &p.processor_reference) {
                        if let Some(slot) = order_of.get_mut(&(pr.as_str(), r.as_str())) {
                            *slot = o as u32;
                        }
                    }
                }
            }
            order_of.retain(|_, o| *o != u32::MAX);
        }
        for (s, key) in open {
            let line = &input.settlements[s as usize];
            let o = key.and_then(|k| order_of.get(&k).copied()).or_else(|| {
                self.orders
                    .get(line.merchant_reference.as_deref()?)
                    .copied()
            });
            self.settlement_status[s as usize] = EXCEPTION;
            let settlement = self.settlement_ref(s);
            let mut references = vec![settlement.clone()];
            if let Some(o) = o {
                references.push(self.order_ref(o));
            }
            let amount = line.gross.unwrap_or(line.net);
            let message = format!(
                "chargeback of {} {} on {} ({}); open until reversed",
                amount.abs(),
                line.currency,
                o.map_or("an unknown order".to_string(), |o| format!(
                    "order {}",
                    input.orders[o as usize].order_id
                )),
                settlement.label()
            );
            let e = self.raise(
                ReasonCode::Chargeback,
                references,
                Some(line.currency),
                None,
                Some(amount),
                Some(amount.abs()),
                line.settled_at,
                message,
            );
            e.evidence = o.map(|o| Box::new(input.orders[o as usize].clone()));
        }
        // Fees and adjustments have nothing to pair with.
        for (i, line) in input.settlements.iter().enumerate() {
            if self.settlement_live[i]
                && matches!(line.kind, SettlementKind::Fee | SettlementKind::Adjustment)
            {
                mark(&mut self.settlement_status[i], MATCHED);
            }
        }
    }

    /// A payout's amount against the net of its batch.
    pub(super) fn payouts(&mut self) {
        let input = self.input;
        let mut batches: FxHashMap<(&str, &str, Currency), (Decimal, Vec<u32>)> =
            FxHashMap::default();
        for (i, line) in input.settlements.iter().enumerate() {
            if let (true, false, Some(batch)) = (
                self.settlement_ok[i],
                line.kind == SettlementKind::Payout,
                line.batch_id.as_ref().map(|b| b.as_str()),
            ) {
                let entry = batches
                    .entry((line.processor.as_str(), batch, line.currency))
                    .or_default();
                entry.0 += line.net;
                entry.1.push(i as u32);
            }
        }
        // Lines of the batch closed in a partition: their net, and their ids.
        let mut outside: FxHashMap<(&str, &str, Currency), Vec<&std::sync::Arc<str>>> =
            FxHashMap::default();
        for b in self.outside {
            let key = (b.processor.as_str(), b.batch.as_str(), b.currency);
            batches.entry(key).or_default().0 += b.net;
            outside.entry(key).or_default().extend(&b.ids);
        }
        for s in self.sorted_lines(SettlementKind::Payout) {
            let line = &input.settlements[s as usize];
            let Some(batch) = line.batch_id.as_ref().map(|b| b.as_str()) else {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                self.summary(line.currency).batch_net_paid_out -= line.net;
                continue;
            };
            let paid = -line.net;
            let mut empty = (Decimal::ZERO, Vec::new());
            let key = (line.processor.as_str(), batch, line.currency);
            let (sum, members) = batches.get_mut(&key).unwrap_or(&mut empty);
            let sum = *sum;
            let closed = outside.get(&key).map_or(&[][..], |v| &v[..]);
            self.summary(line.currency).batch_net_paid_out += sum;
            let payout = self.settlement_ref(s);
            if sum == paid {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                let mut ids: Vec<std::sync::Arc<str>> = members
                    .iter()
                    .map(|&m| input.settlements[m as usize].id.shared())
                    .chain(closed.iter().map(|&id| std::sync::Arc::clone(id)))
                    .collect();
                ids.sort_unstable();
                let lines = ids
                    .into_iter()
                    .map(|id| RowRef::new(RowKind::Settlement, id));
                let rows: Vec<RowRef> = std::iter::once(payout).chain(lines).collect();
                self.matches.push(MatchKind::Payout, rows);
            } else {
                self.settlement_status[s as usize] = EXCEPTION;
                let message = format!(
                    "payout {} of batch {batch}: paid {paid} {}, its {} line(s) net {sum}",
                    line.id,
                    line.currency,
                    members.len() + closed.len()
                );
                self.raise(
                    ReasonCode::BatchTotalMismatch,
                    vec![payout],
                    Some(line.currency),
                    Some(sum),
                    Some(paid),
                    Some((paid - sum).abs()),
                    line.settled_at,
                    message,
                );
            }
        }
    }
}

/// What a settlement line finds by its processor reference.
#[derive(Clone, Copy)]
enum ByReference {
    /// It has none.
    Unreferenced,
    /// It is the first line with its reference: the one tender that has
    /// it, if exactly one does.
    First(Option<Tender>),
    /// A duplicate of the first line with its reference (that line).
    Repeat(u32),
}
