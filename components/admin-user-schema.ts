import { z } from "zod";

/**
 * The shape of one admin user, shared by the component's argument checks and the
 * AdminUser provider's `check`. A function, not a module-level value, so that the
 * provider's serialized closure captures `zod` by name instead of a schema object.
 */
export function adminUserSchema() {
    return z.strictObject({
        email: z.email({ error: "must be an email address such as admin@example.org" }),
        name: z.string({ error: "must be a text" }).trim().min(1, { error: "must not be empty" }),
        language: z.enum(["es", "en"], { error: "must be one of: es, en" }).default("es"),
        type: z.enum(["OCP", "FI"], { error: "must be one of: OCP, FI" }).default("OCP"),
        resourceName: z.string().min(1, { error: "must not be empty" }).optional(),
    });
}
