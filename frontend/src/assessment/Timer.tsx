import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clock, secondsLeft } from './answers';

/** Minutes left at which the timer speaks up for screen reader users. */
const WARN_AT_MINUTES = [5, 1];

/** Counts down to the attempt's deadline and calls onExpire once when it passes. */
export function Timer({ deadline, onExpire }: { deadline: string; onExpire(): void }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(false);
  const onExpireRef = useRef(onExpire);
  const left = secondsLeft(deadline, now);

  useEffect(() => {
    onExpireRef.current = onExpire;
  });

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (left === 0 && !expired.current) {
      expired.current = true;
      onExpireRef.current();
    }
  }, [left]);

  const warning = WARN_AT_MINUTES.find((m) => left <= m * 60 && left > m * 60 - 60);
  return (
    <div className={left <= 60 ? 'timer timer-urgent' : 'timer'}>
      <span>{t('assessment.timeLeft')}</span>{' '}
      {/* The clock itself is not a live region: announcing every second would drown everything else. */}
      <span role="timer" aria-live="off" className="timer-clock">
        {clock(left)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {warning !== undefined ? t('assessment.minutesLeft', { count: warning }) : ''}
      </span>
    </div>
  );
}
