import type { ReactNode } from "react";

/**
 * A table of rows with one header row: scrolls sideways on a narrow screen, and is named by its
 * caption (read out, and shown when `showCaption`). The rows are the children.
 */
export function DataTable({
  caption,
  showCaption = false,
  columns,
  children,
}: {
  caption: ReactNode;
  showCaption?: boolean;
  columns: ReactNode[];
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className={showCaption ? undefined : "sr-only"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
