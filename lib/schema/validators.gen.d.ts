/**
 * Types of lib/schema/validators.gen.js, which tools/gen-validators.ts generates from schema/*.json
 * (ajv standalone code; not committed). Use lib/schema/index.ts, not this module directly.
 */
export interface GeneratedError {
  /** JSON Pointer of the value ("/target/quote/exact"). */
  instancePath: string;
  /** JSON Pointer of the failing keyword inside its schema ("#/properties/color/enum"). */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: GeneratedError[] | null;
}

export const annotation: GeneratedValidator;
export const documentRecord: GeneratedValidator;
export const measureNote: GeneratedValidator;
export const settings: GeneratedValidator;
export const policyModel: GeneratedValidator;
