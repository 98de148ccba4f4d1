import { useTranslation } from 'react-i18next';

/** Dates, numbers and money in the UI's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  // The browser's own variant of the language when it has one (en-GB writes 27 Nov 2026, en-US Nov 27, 2026).
  const browser = navigator.languages?.find((tag) => tag.toLowerCase().split('-')[0] === i18n.language);
  const locale = browser ?? i18n.language;
  return {
    money: (cents: number, currency = 'EUR') =>
      new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
    bytes: (value: number) => {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
      const power = Math.min(units.length - 1, value > 0 ? Math.floor(Math.log(value) / Math.log(1024)) : 0);
      return new Intl.NumberFormat(locale, { style: 'unit', unit: units[power], maximumFractionDigits: 1 }).format(value / 1024 ** power);
    },
    date: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)),
    dateTime: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
  };
}
