/** Tags as small coloured chips. */
export function TagChips({ tags }: { tags: { id: string; name: string; color: string }[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="chips">
      {tags.map((tag) => (
        <span key={tag.id} className="chip" style={{ borderColor: tag.color, color: tag.color }}>
          {tag.name}
        </span>
      ))}
    </span>
  );
}
