import { type Group } from '../api/types';

/**
 * Horizontal bars for counts by key (dead letters by reason, lag by topic): what a person
 * compares at a glance. Each bar is a row with its key and number, so it reads as text too.
 */
export function BarList({
  title,
  groups,
  empty,
  onSelect,
  selectLabel,
}: {
  title: string;
  groups: Group[];
  empty: string;
  onSelect?: (key: string) => void;
  selectLabel?: (key: string) => string;
}) {
  const max = Math.max(1, ...groups.map((group) => group.count));
  return (
    <figure className="bars">
      <figcaption>{title}</figcaption>
      {groups.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {groups.map((group) => {
            const bar = (
              <>
                <span className="bar-key">{group.key || '(none)'}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(group.count / max) * 100}%` }} />
                </span>
                <span className="bar-count">{group.count}</span>
              </>
            );
            return (
              <li key={group.key}>
                {onSelect ? (
                  <button
                    type="button"
                    className="bar-row"
                    onClick={() => onSelect(group.key)}
                    // The visible key and count are the name (WCAG 2.5.3); the hint is a title.
                    title={selectLabel?.(group.key)}
                  >
                    {bar}
                  </button>
                ) : (
                  <div className="bar-row">{bar}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </figure>
  );
}
