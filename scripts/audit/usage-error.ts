/** Bad arguments, refused before anything is read. */
export class AuditUsageError extends Error {}
