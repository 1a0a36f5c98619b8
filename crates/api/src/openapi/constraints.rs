//! The limits every field of the document states, whatever its handler: free text without
//! control characters, dates inside the accepted window, integers of their width, countries and
//! the reports' period.

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, KnownFormat, Object, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

/// Free text: no control character but line feed, carriage return and tab (`extract.rs` refuses
/// the others with `control_character` in every body and query string).
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

/// A name or a text that must say something: free text with at least one character that is not
/// white space (the server trims and then refuses an empty value, `required`). Given to every
/// string with `minLength` and no pattern of its own.
pub const NAME_PATTERN: &str = concat!(
    r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*",
    r"[^\s\u0000-\u001F\u007F-\u009F]",
    r"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
);

/// An ISO 3166 alpha-2 country code in either case, or blank for none (`parse_country`). The
/// blanks are spelled out: `\s` would take the vertical tab and form feed, which are refused.
pub const COUNTRY_PATTERN: &str = r"^[ \t\n\r]*([A-Za-z]{2}[ \t\n\r]*)?$";

/// Fields and query parameters that hold a country code.
pub(crate) const COUNTRY_FIELDS: &[&str] = &["country", "abroad_country", "citizenship", "country_of_stay"];

/// A calendar date inside the window the server accepts, 1900-01-01..=2100-12-31
/// (`ombudsman_domain::date`): any day 1-28, the 29th and 30th but in February, the 31st of the
/// long months, and 29 February of the leap years (1900 and 2100 are not, 2000 is).
pub const DATE_PATTERN: &str = concat!(
    "^(?:(?:19[0-9]{2}|20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])",
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)",
    "|(?:(?:19|20)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
);

/// A date of a report's period: reports cover 2000-01-01..2100-12-31
/// (`ombudsman_domain::report::period`), a narrower window than [`DATE_PATTERN`]'s.
pub const REPORT_DATE_PATTERN: &str = concat!(
    "^(?:(?:20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])",
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)",
    "|(?:20(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
);

/// Where `from` and `to` are the bounds of a report's period: the query of the reports and the
/// body that publishes a snapshot.
pub(crate) const REPORT_PERIOD_PATHS: &[&str] = &["/reports/period"];
pub(crate) const REPORT_PERIOD_BODIES: &[&str] = &["PublishRequest"];

/// Narrows the `from` and `to` dates of a report period to the reports' window.
pub(crate) fn report_period(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema {
        if matches!(object.format, Some(SchemaFormat::KnownFormat(KnownFormat::Date))) {
            object.pattern = Some(REPORT_DATE_PATTERN.to_owned());
        }
    }
}

/// States in the schemas the limits every field has on the server, whatever its handler:
/// a string without a format or a pattern is free text ([`TEXT_PATTERN`]), a date lies in the
/// window ([`DATE_PATTERN`]), an integer fits its declared width (serde refuses the rest), and a
/// `year` is one of the window's years.
pub(crate) fn constrain(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => constrain_object(object),
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                constrain(items);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(constrain),
        Schema::AllOf(all) => all.items.iter_mut().for_each(constrain),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(constrain),
        _ => {}
    }
}

pub(crate) fn has_type(object: &Object, wanted: Type) -> bool {
    match &object.schema_type {
        SchemaType::Type(t) => *t == wanted,
        SchemaType::Array(types) => types.contains(&wanted),
        SchemaType::AnyValue => false,
    }
}

pub(crate) fn constrain_object(object: &mut Object) {
    if has_type(object, Type::String) && object.enum_values.is_none() && object.pattern.is_none() {
        match &object.format {
            None if object.min_length.is_some_and(|n| n > 0) => object.pattern = Some(NAME_PATTERN.to_owned()),
            None | Some(SchemaFormat::KnownFormat(KnownFormat::Password)) => {
                object.pattern = Some(TEXT_PATTERN.to_owned())
            }
            Some(SchemaFormat::KnownFormat(KnownFormat::Date)) => object.pattern = Some(DATE_PATTERN.to_owned()),
            Some(_) => {}
        }
    }
    if has_type(object, Type::Integer) {
        let unsigned = match object.minimum {
            Some(utoipa::Number::Int(n)) => n >= 0,
            Some(utoipa::Number::UInt(_)) => true,
            _ => false,
        };
        let (low, high) = match (&object.format, unsigned) {
            (Some(SchemaFormat::KnownFormat(KnownFormat::Int32)), false) => (i64::from(i32::MIN), i64::from(i32::MAX)),
            (Some(SchemaFormat::KnownFormat(KnownFormat::Int32)), true) => (0, i64::from(u32::MAX)),
            _ => (i64::MIN, i64::MAX),
        };
        object.minimum.get_or_insert(utoipa::Number::Int(low as isize));
        object.maximum.get_or_insert(utoipa::Number::Int(high as isize));
    }
    for (name, property) in object.properties.iter_mut() {
        if name == "year" {
            bound_year(property);
        }
        if name == "currency" {
            list_currencies(property);
        }
        if COUNTRY_FIELDS.contains(&name.as_str()) {
            country_code(property);
        }
        constrain(property);
    }
    if let Some(additional) = object.additional_properties.as_mut() {
        if let AdditionalProperties::RefOr(schema) = additional.as_mut() {
            constrain(schema);
        }
    }
}

/// A country is a two-letter code (`invalid_country` otherwise).
pub(crate) fn country_code(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema {
        if has_type(object, Type::String) && object.pattern.is_none() {
            object.pattern = Some(COUNTRY_PATTERN.to_owned());
        }
    }
}

/// A `currency` is one of the ISO 4217 codes the server knows (`unknown_currency` otherwise).
pub(crate) fn list_currencies(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema {
        if has_type(object, Type::String) && object.enum_values.is_none() {
            let mut codes: Vec<serde_json::Value> = ombudsman_domain::impact::currency_codes()
                .map(serde_json::Value::from)
                .collect();
            if has_type(object, Type::Null) {
                codes.push(serde_json::Value::Null);
            }
            object.enum_values = Some(codes);
        }
    }
}

/// A `year` (of a report, a calendar, a snapshot) is one of the date window's years unless its
/// field says narrower (reports start in 2000); the server refuses others.
pub(crate) fn bound_year(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema {
        if has_type(object, Type::Integer) {
            object.minimum.get_or_insert(utoipa::Number::Int(1900));
            object.maximum.get_or_insert(utoipa::Number::Int(2100));
        }
    }
}
