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

/// An e-mail address as `Email::parse` takes it: a local part, `@`, a domain of two or more
/// dot-separated labels, no white space or control character; blank around it is trimmed.
const EMAIL: &str =
    r"[^@\s\u0000-\u001F\u007F-\u009F]+@(?:[^@.\s\u0000-\u001F\u007F-\u009F]+\.)+[^@.\s\u0000-\u001F\u007F-\u009F]+";

/// A phone number as `parse_phone` takes it: 7 to 15 digits among spaces, `+`, `-` and
/// parentheses; blank around it is trimmed.
const PHONE: &str = r"[ +()-]*(?:[0-9][ +()-]*){7,15}";

/// In request bodies: the e-mail and phone a person gives, required (a staff account's login)
/// or blank for none (an applicant's, a partner's); rights categories, at least one.
fn request_forms(object: &mut Object) {
    let optional = !object.required.iter().any(|r| r == "email");
    for (name, property) in object.properties.iter_mut() {
        if let RefOr::T(Schema::Array(list)) = &mut *property {
            match name.as_str() {
                "categories" => list.min_items = Some(1),
                "respondent_bodies" => named_items(list, 300),
                "public_group_members" => {
                    list.max_items = Some(ombudsman_domain::visit::MAX_PUBLIC_MEMBERS);
                    named_items(list, ombudsman_domain::visit::MEMBER_NAME_MAX);
                }
                _ => {}
            }
            continue;
        }
        let RefOr::T(Schema::Object(field)) = property else {
            continue;
        };
        let form = match name.as_str() {
            "email" => EMAIL,
            "phone" => PHONE,
            _ => continue,
        };
        let blank_ok = name == "phone" || optional;
        field.pattern = Some(if blank_ok {
            format!(r"^[ \t\n\r]*(?:{form}[ \t\n\r]*)?$")
        } else {
            format!(r"^[ \t\n\r]*{form}[ \t\n\r]*$")
        });
        if name == "email" {
            field.max_length = Some(254);
        }
    }
}

/// The longest text the server takes in request fields whose handler checks the length itself
/// (`parse_name` and the like), rather than through the field's schema annotation.
const TEXT_LIMITS: &[(&str, &str, usize)] = &[
    ("ApplicantRequest", "postal_address", 500),
    (
        "AnswerReferralRequest",
        "answer_summary",
        ombudsman_domain::partner::TEXT_MAX,
    ),
    ("CreateReferralRequest", "note", ombudsman_domain::partner::TEXT_MAX),
    (
        "CreateReferralRequest",
        "partner_reference",
        ombudsman_domain::partner::REFERENCE_MAX,
    ),
    ("CreateVisitRequest", "findings", ombudsman_domain::visit::FINDINGS_MAX),
    ("UpdateVisitRequest", "findings", ombudsman_domain::visit::FINDINGS_MAX),
    ("FollowUpRequest", "note", ombudsman_domain::visit::NOTE_MAX),
    ("PublishRequest", "note", 5_000),
    ("TransitionRequest", "reason", 10_000),
    ("UpdateAppealRequest", "description", 100_000),
    ("UpdateAppealRequest", "reason", 2_000),
];

/// A list of names (state bodies, people): each item says something, in at most `max`
/// characters (`parse_name`).
fn named_items(list: &mut utoipa::openapi::schema::Array, max: usize) {
    if let ArrayItems::RefOrSchema(items) = &mut list.items {
        if let RefOr::T(Schema::Object(item)) = items.as_mut() {
            item.min_length = Some(1);
            item.max_length = Some(max);
            item.pattern = Some(NAME_PATTERN.to_owned());
        }
    }
}

/// The limits of request bodies that depend on the schema's name: e-mail and phone forms and
/// list sizes in every `*Request`, and the text lengths of [`TEXT_LIMITS`].
pub(crate) fn request_limits(name: &str, schema: &mut RefOr<Schema>) {
    let RefOr::T(Schema::Object(object)) = schema else {
        return;
    };
    if name.ends_with("Request") {
        request_forms(object);
    }
    for (schema_name, field, max) in TEXT_LIMITS {
        if name == *schema_name {
            if let Some(RefOr::T(Schema::Object(text))) = object.properties.get_mut(*field) {
                text.max_length.get_or_insert(*max);
            }
        }
    }
}
