import { useState } from 'react';
import { ReplayPanel } from '../components/replay-panel';

/** Replay of a dead-letter topic's partition between two offsets (inclusive). */
export function OffsetRangeReplay() {
  const [range, setRange] = useState({ topic: '', partition: '0', fromOffset: '', toOffset: '' });
  const ready = range.topic && range.fromOffset && range.toOffset;
  const input = (name: keyof typeof range, label: string, inputMode?: 'numeric') => (
    <div className="field">
      <label htmlFor={`range-${name}`}>{label}</label>
      <input
        id={`range-${name}`}
        inputMode={inputMode}
        value={range[name]}
        onChange={(event) => setRange({ ...range, [name]: event.target.value.trim() })}
      />
    </div>
  );
  return (
    <details className="offset-range">
      <summary>Replay by offset range</summary>
      <div className="filters">
        {input('topic', 'Topic')}
        {input('partition', 'Partition', 'numeric')}
        {input('fromOffset', 'From offset', 'numeric')}
        {input('toOffset', 'To offset', 'numeric')}
      </div>
      {ready && (
        <ReplayPanel
          key={JSON.stringify(range)}
          request={{
            kind: 'offset-range',
            topic: range.topic,
            partition: Number(range.partition),
            fromOffset: range.fromOffset,
            toOffset: range.toOffset,
          }}
          what={`${range.topic} partition ${range.partition}, offsets ${range.fromOffset}–${range.toOffset}`}
        />
      )}
    </details>
  );
}
