import { registerEnumType } from 'type-graphql';
import { CustomFieldRecordType } from '../customfields/custom-field.types.js';

/** What an import brings in: people (each optionally with their company) or companies. */
export enum ImportKind {
  PEOPLE = 'PEOPLE',
  COMPANIES = 'COMPANIES',
}
registerEnumType(ImportKind, { name: 'ImportKind', description: 'What an import brings in.' });

/**
 * The fields a column can be mapped to. Several columns may map to EMAIL,
 * PHONE and TAGS (their values are added up); the others take one column.
 */
export enum ImportField {
  FIRST_NAME = 'FIRST_NAME',
  LAST_NAME = 'LAST_NAME',
  /** "Ada Lovelace" in one column: the last word is the last name. */
  FULL_NAME = 'FULL_NAME',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  POSITION = 'POSITION',
  COMPANY = 'COMPANY',
  WEBSITE = 'WEBSITE',
  STREET = 'STREET',
  POSTAL_CODE = 'POSTAL_CODE',
  CITY = 'CITY',
  COUNTRY = 'COUNTRY',
  BIRTHDAY = 'BIRTHDAY',
  /** Tag names, separated by commas or semicolons; unknown tags are created. */
  TAGS = 'TAGS',
}
registerEnumType(ImportField, { name: 'ImportField', description: 'A field an import column can be mapped to.' });

export const fieldsOf: Record<ImportKind, readonly ImportField[]> = {
  [ImportKind.PEOPLE]: [
    ImportField.FIRST_NAME,
    ImportField.LAST_NAME,
    ImportField.FULL_NAME,
    ImportField.EMAIL,
    ImportField.PHONE,
    ImportField.POSITION,
    ImportField.COMPANY,
    ImportField.STREET,
    ImportField.POSTAL_CODE,
    ImportField.CITY,
    ImportField.COUNTRY,
    ImportField.BIRTHDAY,
    ImportField.TAGS,
  ],
  [ImportKind.COMPANIES]: [
    ImportField.NAME,
    ImportField.WEBSITE,
    ImportField.EMAIL,
    ImportField.PHONE,
    ImportField.STREET,
    ImportField.POSTAL_CODE,
    ImportField.CITY,
    ImportField.COUNTRY,
    ImportField.TAGS,
  ],
};

/** The record type whose custom fields an import's columns may fill. */
export const recordTypeOfImport = (kind: ImportKind): CustomFieldRecordType => (kind === ImportKind.PEOPLE ? CustomFieldRecordType.PERSON : CustomFieldRecordType.COMPANY);

export const repeatableFields = new Set([ImportField.EMAIL, ImportField.PHONE, ImportField.TAGS]);

/**
 * Header names as German, English and Spanish spreadsheets and CRM exports
 * write them, normalised (lower case, no accents, no punctuation or spaces).
 * A header is matched whole first, then by the longest synonym it starts with
 * ("E-Mail 2", "Telefon (privat)").
 */
const synonyms: Record<ImportField, string[]> = {
  [ImportField.FIRST_NAME]: ['vorname', 'firstname', 'givenname', 'forename', 'nombre', 'nombrepila'],
  [ImportField.LAST_NAME]: ['nachname', 'familienname', 'zuname', 'lastname', 'surname', 'familyname', 'apellido', 'apellidos'],
  [ImportField.FULL_NAME]: ['name', 'vollername', 'fullname', 'contactname', 'kontakt', 'nombrecompleto', 'contacto'],
  [ImportField.NAME]: ['name', 'firma', 'firmenname', 'unternehmen', 'company', 'companyname', 'organisation', 'organization', 'empresa', 'nombreempresa', 'razonsocial'],
  [ImportField.EMAIL]: ['email', 'emailadresse', 'mail', 'emailaddress', 'correo', 'correoelectronico', 'correoe'],
  [ImportField.PHONE]: ['telefon', 'telefonnummer', 'tel', 'mobil', 'handy', 'phone', 'phonenumber', 'mobile', 'telephone', 'telefono', 'movil', 'celular'],
  [ImportField.POSITION]: ['position', 'funktion', 'berufsbezeichnung', 'titel', 'jobtitle', 'title', 'role', 'cargo', 'puesto'],
  [ImportField.COMPANY]: ['firma', 'firmenname', 'unternehmen', 'organisation', 'company', 'companyname', 'organization', 'employer', 'empresa', 'compania', 'organizacion'],
  [ImportField.WEBSITE]: ['website', 'webseite', 'homepage', 'internet', 'url', 'web', 'sitioweb', 'paginaweb'],
  [ImportField.STREET]: ['strasse', 'str', 'anschrift', 'adresse', 'street', 'address', 'streetaddress', 'calle', 'direccion', 'domicilio'],
  [ImportField.POSTAL_CODE]: ['plz', 'postleitzahl', 'zip', 'zipcode', 'postalcode', 'postcode', 'codigopostal', 'cp'],
  [ImportField.CITY]: ['ort', 'stadt', 'wohnort', 'city', 'town', 'ciudad', 'localidad', 'poblacion'],
  [ImportField.COUNTRY]: ['land', 'country', 'pais'],
  [ImportField.BIRTHDAY]: ['geburtstag', 'geburtsdatum', 'birthday', 'birthdate', 'dateofbirth', 'cumpleanos', 'fechanacimiento', 'fechadenacimiento'],
  [ImportField.TAGS]: ['tags', 'tag', 'schlagworte', 'schlagwort', 'labels', 'kategorie', 'categories', 'category', 'etiquetas', 'etiqueta', 'categoria'],
};

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

/** The field each header most likely means for this kind of import (null: none); a single-valued field is suggested once. */
export function suggestMapping(kind: ImportKind, headers: string[]): (ImportField | null)[] {
  const allowed = fieldsOf[kind];
  const taken = new Set<ImportField>();
  const pick = (header: string): ImportField | null => {
    const name = normaliseHeader(header).replace(/\d+$/, '');
    if (name === '') return null;
    let best: { field: ImportField; length: number; whole: boolean } | null = null;
    for (const field of allowed) {
      if (taken.has(field) && !repeatableFields.has(field)) continue;
      for (const synonym of synonyms[field]) {
        const whole = name === synonym;
        if (!whole && !(synonym.length >= 3 && name.startsWith(synonym))) continue;
        if (!best || (whole && !best.whole) || (whole === best.whole && synonym.length > best.length)) best = { field, length: synonym.length, whole };
      }
    }
    if (best) taken.add(best.field);
    return best?.field ?? null;
  };
  return headers.map(pick);
}
