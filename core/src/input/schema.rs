//! Declarations of what Seamline reads: each table's fields, their kinds,
//! whether they are required, the other names they go by, and which hold
//! personal data.

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text: an id, a reference, a code or a name. An integer is read as
    /// its decimal text.
    Text,
    /// An exact amount of money: decimal text, an integer or a decimal;
    /// never a float.
    Amount,
    /// A whole number.
    Integer,
    /// An instant with a time zone.
    Instant,
    /// True or false.
    Flag,
    /// One of a set of names, as text (an integer is never a position).
    Choice(&'static Choices),
}

/// A closed set of names a field takes, and what the set is called: the
/// enum the generated Swift records declare for it, and, where core also
/// returns the set as an enum, that enum's name in every language's result
/// types (a typegen test holds the two to the same names).
#[derive(Debug, PartialEq, Eq)]
pub struct Choices {
    /// The type's name (`PaymentMethod`).
    pub name: &'static str,
    /// What a value of it says, for the generated types' documentation.
    pub doc: &'static str,
    /// The names, snake_case, as they are read.
    pub names: &'static [&'static str],
}

impl FieldKind {
    /// The kind's name in documentation and generated types.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Amount => "amount",
            FieldKind::Integer => "integer",
            FieldKind::Instant => "instant",
            FieldKind::Flag => "flag",
            FieldKind::Choice(_) => "choice",
        }
    }
}

/// One field of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its canonical name (snake_case).
    pub name: &'static str,
    /// How it is read.
    pub kind: FieldKind,
    /// Whether a row without it is refused.
    pub required: bool,
    /// Other names it goes by, canonical (see [`super::canonical_name`]).
    pub aliases: &'static [&'static str],
    /// Whether it holds personal data: an error never shows it in clear.
    pub personal: bool,
    /// What it holds, where its name does not say it all: shown in the
    /// generated TypeScript and Python types (empty: nothing to add).
    pub doc: &'static str,
}

impl Field {
    /// A required field.
    pub const fn required(name: &'static str, kind: FieldKind) -> Field {
        Field {
            name,
            kind,
            required: true,
            aliases: &[],
            personal: false,
            doc: "",
        }
    }

    /// An optional field.
    pub const fn optional(name: &'static str, kind: FieldKind) -> Field {
        Field {
            required: false,
            ..Field::required(name, kind)
        }
    }

    /// The same field, also known by `aliases`.
    pub const fn aka(self, aliases: &'static [&'static str]) -> Field {
        Field { aliases, ..self }
    }

    /// The same field, described by `doc` in the generated types.
    pub const fn doc(self, doc: &'static str) -> Field {
        Field { doc, ..self }
    }

    /// The same field, holding personal data.
    pub const fn personal(self) -> Field {
        Field {
            personal: true,
            ..self
        }
    }
}

/// A table (or record type) Seamline reads.
#[derive(Debug, PartialEq, Eq)]
pub struct TableSchema {
    /// Its name in errors and field paths (`orders`).
    pub name: &'static str,
    /// The name of one of its rows as a record type in the generated
    /// TypeScript and Python types (`SettlementLine`).
    pub record: &'static str,
    /// What one row records, for the generated types.
    pub doc: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
    /// Tables nested in its records, by field name (an order's
    /// `payments`): flat tables of their own in column form.
    pub children: &'static [&'static TableSchema],
}

impl TableSchema {
    /// The field a column or key name stands for: its canonical name or an
    /// alias, in any spelling [`super::canonical_name`] folds.
    pub fn field(&self, name: &str) -> Option<usize> {
        let names = |f: &Field| std::iter::once(f.name).chain(f.aliases.iter().copied());
        self.fields
            .iter()
            .position(|f| names(f).any(|n| n == name))
            .or_else(|| {
                let eq = super::name::canonical_eq;
                self.fields
                    .iter()
                    .position(|f| names(f).any(|n| eq(name, n)))
            })
    }

    /// The nested table a record key stands for.
    pub fn child(&self, name: &str) -> Option<usize> {
        self.children
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.children
                    .iter()
                    .position(|c| super::name::canonical_eq(name, c.name))
            })
    }

    /// Every name the field goes by, for an error.
    pub fn accepted(&self, field: usize) -> String {
        let f = &self.fields[field];
        std::iter::once(f.name)
            .chain(f.aliases.iter().copied())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The fields' names, for an error.
    pub fn field_names(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name)
            .chain(self.children.iter().map(|c| c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What to do with a column or key the schema does not know.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Extras {
    /// Refuse it: a misspelt column would otherwise read as missing.
    #[default]
    Refuse,
    /// Skip it (an export with columns of its own).
    Ignore,
}
