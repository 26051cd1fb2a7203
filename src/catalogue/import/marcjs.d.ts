declare module 'marcjs' {
  /** A control field is [tag, value]; a data field is [tag, indicators, code, value, code, value, …]. */
  export type MarcField = string[];

  export class Record {
    leader: string;
    fields: MarcField[];
    append(...fields: MarcField[]): this;
    get(match: string | RegExp): { tag: string; ind1?: string; ind2?: string; value?: string; subf?: [string, string][] }[];
  }

  export const Marc: {
    parse(raw: Buffer | string, type: 'iso2709' | 'marcxml' | 'mij'): Record;
    format(record: Record, type: 'iso2709' | 'marcxml' | 'mij' | 'text' | 'json'): string;
  };
}
