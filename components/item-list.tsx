import type { ReactNode } from "react";

/** A list drawn from `items` by `item` (one <li> each), or the `empty` sentence when there are none. */
export function ItemList<T>({
  items,
  item,
  empty,
  className,
}: {
  items: readonly T[];
  item: (entry: T, index: number) => ReactNode;
  empty: ReactNode;
  className?: string;
}) {
  if (items.length === 0) return <p>{empty}</p>;
  return <ul className={className}>{items.map(item)}</ul>;
}
