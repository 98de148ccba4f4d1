/** The name that stands for the account schema's in the squashed schema (account-schema-latest.ts). */
export const squashTemplateSchema = 'acct_00000000000000000000000000000000';
