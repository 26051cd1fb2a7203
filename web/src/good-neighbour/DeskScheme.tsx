import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RadioGroup, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { goodNeighbourApi, type DeskLookup } from './api';

export type SchemeReader = DeskLookup['readers'][number];

const NO_MATCH: DeskLookup = { match: 'none', neighbour: null, readers: [] };

/**
 * What a scanned card means for the Good Neighbour scheme. The desk must go on lending if this
 * lookup fails, so a failure counts as no match and the card is then read as an ordinary one.
 */
export async function lookUpScheme(cardNumber: string): Promise<DeskLookup> {
  try {
    return await goodNeighbourApi.deskLookup(cardNumber);
  } catch {
    return NO_MATCH;
  }
}

/** Who collects by default: the neighbour whose card was scanned, or the reader's first neighbour. */
export function collectorOf(lookup: DeskLookup, reader: SchemeReader | undefined): string {
  if (lookup.match === 'neighbour' && lookup.neighbour) return lookup.neighbour.name;
  return reader?.neighbours[0]?.name ?? '';
}

interface SchemeBannerProps {
  lookup: DeskLookup;
  /** The reader whose ticket is open at the desk, if any. */
  readerId: string | null;
  busy: boolean;
  onChooseReader(reader: SchemeReader): void;
  onOwnCard(): void;
}

/** Says whose card was scanned and for whom they collect; a neighbour serving several readers picks one here. */
export function SchemeBanner({ lookup, readerId, busy, onChooseReader, onOwnCard }: SchemeBannerProps) {
  const { t } = useTranslation();
  if (lookup.match === 'none') return null;
  if (lookup.match === 'reader') {
    const reader = lookup.readers[0];
    if (!reader) return null;
    return (
      <div className="notice notice--info" id="gn-desk-banner">
        <p>
          {t('goodNeighbour.desk.readerOnScheme', {
            name: isolate(reader.name),
            neighbours: reader.neighbours.map((n) => isolate(n.name)).join(t('common.listSeparator')) || t('goodNeighbour.member.nobody'),
          })}{' '}
          <Link to={`/good-neighbour/arrangements/${reader.arrangementId}`}>{t('goodNeighbour.desk.openArrangement')}</Link>
        </p>
      </div>
    );
  }
  const neighbour = isolate(lookup.neighbour?.name ?? '');
  return (
    <section className="notice notice--info" aria-labelledby="gn-desk-banner-heading" id="gn-desk-banner">
      <h2 id="gn-desk-banner-heading" tabIndex={-1}>
        {t('goodNeighbour.desk.neighbourScanned', { name: neighbour, count: lookup.readers.length })}
      </h2>
      <ul className="plain-list button-row">
        {lookup.readers.map((reader) => (
          <li key={reader.arrangementId}>
            <button type="button" className={reader.readerId === readerId ? 'button' : 'button button--secondary'} aria-pressed={reader.readerId === readerId} disabled={busy} onClick={() => onChooseReader(reader)}>
              {t('goodNeighbour.desk.lendTo', { name: isolate(reader.name) })}
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="button button--secondary" disabled={busy} onClick={onOwnCard}>
            {t('goodNeighbour.desk.ownCard', { name: neighbour })}
          </button>
        </li>
      </ul>
    </section>
  );
}

interface CollectedByProps {
  reader: SchemeReader;
  value: string;
  onChange(value: string): void;
}

const OTHER = 'other';

/** Who is collecting for a scheme reader: one of their Good Neighbours, or someone else named here. */
export function CollectedByField({ reader, value, onChange }: CollectedByProps) {
  const { t } = useTranslation();
  const chosen = reader.neighbours.find((n) => n.name === value);
  const [other, setOther] = useState(chosen ? '' : value);
  return (
    <>
      <RadioGroup
        name="gn-desk-collector"
        legend={t('goodNeighbour.desk.collectedBy', { name: isolate(reader.name) })}
        value={chosen?.linkId ?? OTHER}
        onValueChange={(choice) => onChange(reader.neighbours.find((n) => n.linkId === choice)?.name ?? other)}
        options={[...reader.neighbours.map((n) => ({ value: n.linkId, label: n.name })), { value: OTHER, label: t('goodNeighbour.desk.someoneElse') }]}
      />
      {chosen ? null : (
        <TextField
          id="desk-on-behalf"
          label={t('circulation.desk.onBehalfLabel')}
          optional
          autoComplete="off"
          value={value}
          onValueChange={(text) => {
            setOther(text);
            onChange(text);
          }}
        />
      )}
    </>
  );
}
