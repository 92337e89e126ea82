import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';

/** The header's search: a provider event id or a correlation id, straight to that event. */
export function FindEvent() {
  const [text, setText] = useState('');
  const [, navigate] = useLocation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = text.trim();
    if (wanted) navigate(`/events?find=${encodeURIComponent(wanted)}`);
  };
  return (
    <form role="search" aria-label="Find an event" className="find" onSubmit={submit}>
      <label htmlFor="find-event" className="visually-hidden">
        Provider event id or correlation id
      </label>
      <input
        id="find-event"
        type="search"
        placeholder="Find event by id"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}
