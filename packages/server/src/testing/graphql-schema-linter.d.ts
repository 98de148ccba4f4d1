/** The part of graphql-schema-linter 3 (which ships no types) that contract-conventions.test.ts uses. */
declare module 'graphql-schema-linter' {
  import type { ValidationContext } from 'graphql';

  /** The schema's text, and where each line came from (one file here). */
  export interface LinterSchema {
    definition: string;
    sourceMap: { getOriginalPathForLine(line: number): string };
  }

  export interface LinterRule {
    (context: ValidationContext): unknown;
    /** The rule's name in UpperCamelCase, e.g. `TypesHaveDescriptions` for `types-have-descriptions`. */
    readonly name: string;
  }

  export interface LinterError {
    message: string;
    /** The rule's name in kebab-case, e.g. `types-have-descriptions`. */
    ruleName: string;
  }

  export const configuration: {
    Configuration: new (schema: LinterSchema, options: Record<string, unknown>) => { getAllBuiltInRules(): LinterRule[] };
  };

  export const validator: {
    validateSchemaDefinition(schema: LinterSchema, rules: LinterRule[], configuration: unknown): LinterError[];
  };
}
