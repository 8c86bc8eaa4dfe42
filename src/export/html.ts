/**
 * Text into HTML, for the printable pages: every character that could open markup or close
 * an attribute becomes an entity. Applied to every value a page shows, trusted or not.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
