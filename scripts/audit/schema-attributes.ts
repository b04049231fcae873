// The user pool's schema attributes, compared the way the AWS provider does
// (terraform-provider-aws internal/service/cognitoidp/user_pool.go):
// - flattenSchemaAttributeTypes: the state holds the live attributes that the program declares, plus
//   every live attribute that is not a standard attribute with its default settings
//   (userPoolSchemaAttributeMatchesStandardAttribute) nor the `identities` attribute;
// - skipFlatteningStringAttributeContraints: a declared String attribute without constraints matches
//   the live one with Cognito's default constraints;
// - resourceUserPoolUpdate: when the old set has an attribute the new one lacks, the update fails with
//   "cannot modify or remove schema items"; attributes only added go to AddCustomAttributes.
import type { Difference } from "./compare-settings";

export interface SchemaAttribute {
    name: string;
    attributeDataType?: string;
    developerOnlyAttribute?: boolean;
    mutable?: boolean;
    required?: boolean;
    stringAttributeConstraints?: { minLength?: string; maxLength?: string };
    numberAttributeConstraints?: { minValue?: string; maxValue?: string };
}

const text = (minLength: string, maxLength: string) => ({ attributeDataType: "String", stringAttributeConstraints: { minLength, maxLength } });
const standardText = text("0", "2048");

/** Cognito's standard attributes with their default settings (userPoolSchemaAttributeMatchesStandardAttribute). */
const STANDARD_DEFAULTS: Record<string, Omit<SchemaAttribute, "name">> = {
    address: standardText,
    birthdate: text("10", "10"),
    email: standardText,
    email_verified: { attributeDataType: "Boolean" },
    family_name: standardText,
    gender: standardText,
    given_name: standardText,
    locale: standardText,
    middle_name: standardText,
    name: standardText,
    nickname: standardText,
    phone_number: standardText,
    phone_number_verified: { attributeDataType: "Boolean" },
    picture: standardText,
    preferred_username: standardText,
    profile: standardText,
    sub: { ...text("1", "2048"), mutable: false, required: true },
    updated_at: { attributeDataType: "Number", numberAttributeConstraints: { minValue: "0" } },
    website: standardText,
    zoneinfo: standardText,
};

/** An attribute with the provider's zero values filled in, so that equal settings compare equal. */
function normalize(attribute: SchemaAttribute): SchemaAttribute {
    const normalized: SchemaAttribute = {
        name: attribute.name,
        attributeDataType: attribute.attributeDataType,
        developerOnlyAttribute: attribute.developerOnlyAttribute ?? false,
        mutable: attribute.mutable ?? false,
        required: attribute.required ?? false,
    };
    if (attribute.stringAttributeConstraints && Object.keys(attribute.stringAttributeConstraints).length) normalized.stringAttributeConstraints = { ...attribute.stringAttributeConstraints };
    if (attribute.numberAttributeConstraints && Object.keys(attribute.numberAttributeConstraints).length) normalized.numberAttributeConstraints = { ...attribute.numberAttributeConstraints };
    return normalized;
}

function isStandardDefault(attribute: SchemaAttribute): boolean {
    const standard = STANDARD_DEFAULTS[attribute.name];
    if (!standard) return false;
    return sameSettings(normalize({ mutable: true, ...standard, name: attribute.name }), attribute);
}

function isIdentities(attribute: SchemaAttribute): boolean {
    return attribute.name === "identities" && attribute.attributeDataType === "String" && attribute.mutable === true && !attribute.required && !attribute.developerOnlyAttribute;
}

function sameSettings(a: SchemaAttribute, b: SchemaAttribute): boolean {
    return canonical(a) === canonical(b);
}

/** Declared matches live, also when the declaration leaves out Cognito's default String constraints. */
function matches(declared: SchemaAttribute, live: SchemaAttribute): boolean {
    if (sameSettings(declared, live)) return true;
    return declared.attributeDataType === "String" && !declared.stringAttributeConstraints && sameSettings(declared, { ...live, stringAttributeConstraints: undefined });
}

function canonical(attribute: SchemaAttribute): string {
    const { stringAttributeConstraints, numberAttributeConstraints, ...rest } = attribute;
    const constraints = (value: Record<string, string | undefined> | undefined) =>
        value ? Object.keys(value).sort().map((key) => [key, value[key]]) : null;
    return JSON.stringify([
        rest.name,
        rest.attributeDataType,
        !!rest.developerOnlyAttribute,
        !!rest.mutable,
        !!rest.required,
        constraints(stringAttributeConstraints),
        constraints(numberAttributeConstraints),
    ]);
}

/** The differences between the declared schema (undefined: none declared) and the live one. */
export function compareSchemas(declaredInput: SchemaAttribute[] | undefined, liveInput: SchemaAttribute[]): Difference[] {
    const declared = (declaredInput ?? []).map(normalize);
    const live = liveInput.map(normalize);
    const inState = live.filter((attribute) => declared.some((d) => matches(d, attribute)) || (!isStandardDefault(attribute) && !isIdentities(attribute)));
    const removed = inState.filter((attribute) => !declared.some((d) => matches(d, attribute)));
    const added = declared.filter((d) => !inState.some((attribute) => matches(d, attribute)));
    const differences: Difference[] = removed.map((attribute) => ({
        resource: "pool",
        setting: `schemas[${attribute.name}]`,
        live: attribute,
        stack: declared.find((d) => d.name === attribute.name),
        action: "fail",
        why: 'the provider refuses to change or remove a schema attribute: "cannot modify or remove schema items" (user_pool.go resourceUserPoolUpdate)',
    }));
    for (const attribute of added.filter((a) => !removed.some((r) => r.name === a.name))) {
        // A standard attribute's settings are fixed when the pool is made: AddCustomAttributes can only add
        // custom:<name>, whose state then never matches the declaration, and every later update fails.
        const standard = attribute.name in STANDARD_DEFAULTS;
        differences.push({
            resource: "pool",
            setting: `schemas[${attribute.name}]`,
            live: live.find((a) => a.name === attribute.name),
            stack: attribute,
            action: standard ? "fail" : "update in place",
            why: standard
                ? `a standard attribute's settings cannot change after the pool is made: AddCustomAttributes would add custom:${attribute.name} and every later update fails ("cannot modify or remove schema items")`
                : "AddCustomAttributes (user_pool.go resourceUserPoolUpdate)",
        });
    }
    return differences;
}
