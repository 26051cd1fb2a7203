import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { StatusMessage, SubmitButton, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { Detail, focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { useLanguageName } from '../members/parts';
import { noticesApi, type PrintedNotice, type PrintedNoticeDay } from './api';
import './printed.css';

/**
 * A day's notices for members email does not reach: letters to print and post, one to a page, and
 * calls to make. Each is marked done once posted or made. The server audits every look at it.
 */
export function PrintedNoticesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('date') || null;
  const [day, reload, update] = useResource((signal) => noticesApi.printed(asked, signal), [asked]);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const replace = (next: PrintedNotice) =>
    update((current): PrintedNoticeDay => ({
      ...current,
      letters: current.letters.map((n) => (n.id === next.id ? next : n)),
      calls: current.calls.map((n) => (n.id === next.id ? next : n)),
    }));

  async function mark(notice: PrintedNotice, done: boolean) {
    setBusy(notice.id);
    setProblem(null);
    try {
      const next = done ? await noticesApi.markDone(notice.id) : await noticesApi.undoDone(notice.id);
      replace(next);
      const name = isolate(notice.member.name);
      setStatus(t(`printedNotices.${notice.channel}.${done ? 'marked' : 'unmarked'}`, { name }));
    } catch (error) {
      setProblem(describeError(error, t));
      reload();
    } finally {
      setBusy(null);
      focusSoon(`printed-${notice.id}-${done ? 'undo' : 'done'}`);
    }
  }

  return (
    <Page title={t('printedNotices.title')} intro={t('printedNotices.intro')}>
      <div className="no-print">
        <p>
          <Link to="/notices">{t('printedNotices.back')}</Link>
        </p>
        <DateForm key={day.data?.date ?? asked ?? ''} initial={day.data?.date ?? asked ?? ''} onShow={(date) => setParams(date ? { date } : {})} />
        <StatusMessage message={status} />
        <ErrorNotice message={problem} />
      </div>
      {day.status === 'loading' ? <Loading /> : null}
      {day.status === 'error' ? <LoadError error={day.error} onRetry={reload} /> : null}
      {day.status === 'ready' ? <Day day={day.data} busy={busy} onMark={(notice, done) => void mark(notice, done)} /> : null}
    </Page>
  );
}

function DateForm({ initial, onShow }: { initial: string; onShow(date: string): void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onShow(date);
  };
  return (
    <form className="inline-form" noValidate onSubmit={submit} aria-label={t('printedNotices.dateForm')}>
      <TextField id="printed-date" type="date" label={t('printedNotices.date')} value={date} onValueChange={setDate} />
      <SubmitButton busy={false}>{t('printedNotices.show')}</SubmitButton>
    </form>
  );
}

interface DayProps {
  day: PrintedNoticeDay;
  busy: string | null;
  onMark(notice: PrintedNotice, done: boolean): void;
}

function Day({ day, busy, onMark }: DayProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const lettersLeft = day.letters.filter((n) => !n.done).length;
  const callsLeft = day.calls.filter((n) => !n.done).length;
  return (
    <>
      <p className="no-print">
        {t('printedNotices.summary', {
          date: fmt.date(day.date),
          letters: t('printedNotices.lettersLeft', { count: lettersLeft, total: day.letters.length }),
          calls: t('printedNotices.callsLeft', { count: callsLeft, total: day.calls.length }),
        })}
      </p>
      <section className="section printed-letters" aria-labelledby="printed-letters-heading">
        <h2 id="printed-letters-heading" className="no-print">
          {t('printedNotices.letter.heading')}
        </h2>
        {day.letters.length === 0 ? (
          <p className="no-print">{t('printedNotices.letter.none')}</p>
        ) : (
          <>
            <p className="no-print">{t('printedNotices.letter.howToPrint')}</p>
            <div className="button-row no-print">
              <button type="button" className="button button--secondary" onClick={() => window.print()}>
                {t('printedNotices.letter.print', { count: day.letters.length })}
              </button>
            </div>
            {day.letters.map((notice) => (
              <div className="printed-notice" key={notice.id}>
                {notice.member.address ? null : (
                  <div className="notice notice--info no-print">
                    <p>{t('printedNotices.letter.noAddress', { name: isolate(notice.member.name) })}</p>
                  </div>
                )}
                <LetterSheet notice={notice} />
                <DoneControl notice={notice} busy={busy === notice.id} onMark={onMark} />
              </div>
            ))}
          </>
        )}
      </section>
      <section className="section no-print" aria-labelledby="printed-calls-heading">
        <h2 id="printed-calls-heading">{t('printedNotices.phone.heading')}</h2>
        {day.calls.length === 0 ? (
          <p>{t('printedNotices.phone.none')}</p>
        ) : (
          <ul className="card-list printed-calls">
            {day.calls.map((notice) => (
              <li key={notice.id} className="card">
                <Call notice={notice} />
                <DoneControl notice={notice} busy={busy === notice.id} onMark={onMark} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * One letter as it is posted, in the member's language and direction: the library and branch
 * it comes from, the member's name and address, the day's lines and a signature.
 */
function LetterSheet({ notice }: { notice: PrintedNotice }) {
  const { letter, member, branch } = notice;
  const headingId = `printed-${notice.id}-subject`;
  return (
    <article className="printed-letter" lang={letter.language} dir={letter.dir} aria-labelledby={headingId}>
      <address className="printed-letter__from">
        <strong>
          <bdi>{notice.libraryName}</bdi>
        </strong>
        <br />
        <AddressLines lines={[branch.name, branch.address]} />
      </address>
      <address className="printed-letter__to">
        <AddressLines lines={[member.name, member.address]} />
      </address>
      <p className="printed-letter__date">{letter.date}</p>
      <h3 id={headingId}>{letter.subject}</h3>
      <p>{letter.greeting}</p>
      {letter.sections.map((section) => (
        <div key={section.kind}>
          <h4>{section.heading}</h4>
          <ul>
            {section.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      ))}
      <p>{letter.closing}</p>
      <p>
        {letter.signOff}
        <br />
        <bdi>{notice.libraryName}</bdi>
      </p>
      <p className="printed-letter__footer">{letter.footer}</p>
    </article>
  );
}

/**
 * Each line of an address isolated, so a Latin address in an Arabic letter keeps its order
 * ("12 Station Road", not "Station Road 12").
 */
function AddressLines({ lines }: { lines: (string | null)[] }) {
  const all = lines.flatMap((text) => (text ? text.split(/\r?\n/) : [])).filter((line) => line.trim() !== '');
  return (
    <>
      {all.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          <bdi>{line}</bdi>
        </Fragment>
      ))}
    </>
  );
}

/** What to say on the phone, in the reader's own language, with the member's in reserve for an interpreter. */
function Call({ notice }: { notice: PrintedNotice }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const languageName = useLanguageName();
  const { member, letter } = notice;
  return (
    <>
      <h3>{member.name}</h3>
      <dl className="summary-list">
        <Detail term={t('printedNotices.phone.number')}>{member.phone ? <a href={`tel:${member.phone.replace(/[^\d+]/g, '')}`} dir="ltr">{member.phone}</a> : t('printedNotices.phone.noNumber')}</Detail>
        <Detail term={t('printedNotices.phone.card')} dir="ltr">{member.cardNumber}</Detail>
        <Detail term={t('printedNotices.phone.language')}>{languageName(member.language)}</Detail>
      </dl>
      <h4>{t('printedNotices.phone.say')}</h4>
      <ul>
        {notice.lines.map((line, i) => (
          <li key={i}>
            {t(`printedNotices.say.${line.kind}`, {
              title: isolate(line.title),
              author: isolate(line.author ?? t('printedNotices.say.noAuthor')),
              date: fmt.date(line.date),
              branch: isolate(line.branch ?? ''),
            })}
          </li>
        ))}
      </ul>
      {letter.language !== 'en' ? (
        <details>
          <summary>{t('printedNotices.phone.inTheirLanguage', { language: languageName(letter.language) })}</summary>
          <div lang={letter.language} dir={letter.dir}>
            {letter.sections.map((section) => (
              <div key={section.kind}>
                <p>{section.heading}</p>
                <ul>
                  {section.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </details>
      ) : null}
    </>
  );
}

function DoneControl({ notice, busy, onMark }: { notice: PrintedNotice; busy: boolean; onMark(notice: PrintedNotice, done: boolean): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const channel = notice.channel;
  const name = notice.member.name;
  return (
    <div className="printed-notice__done no-print">
      {notice.done ? (
        <>
          <p>
            <span className="badge badge--ok">{t(`printedNotices.${channel}.done`)}</span>{' '}
            {t('printedNotices.doneBy', { name: isolate(notice.done.by.name), when: fmt.dateTime(notice.done.at) })}
          </p>
          <button
            type="button"
            id={`printed-${notice.id}-undo`}
            className="button button--small button--secondary"
            disabled={busy}
            aria-label={t(`printedNotices.${channel}.undoFor`, { name })}
            onClick={() => onMark(notice, false)}
          >
            {t(`printedNotices.${channel}.undo`)}
          </button>
        </>
      ) : (
        <button
          type="button"
          id={`printed-${notice.id}-done`}
          className="button button--small"
          disabled={busy}
          aria-label={t(`printedNotices.${channel}.markFor`, { name })}
          onClick={() => onMark(notice, true)}
        >
          {t(`printedNotices.${channel}.mark`)}
        </button>
      )}
    </div>
  );
}
