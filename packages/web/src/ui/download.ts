/**
 * Has the browser follow a download link of the API (an export, a person's
 * data): the server answers it as an attachment, so the page stays where it
 * is. An empty `fileName` keeps the one the server names.
 */
export function followDownload(url: string, fileName = ''): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
