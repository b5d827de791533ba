/**
 * Navigates to a download link with a plain `<a download>`: the browser streams the file to disk
 * under the name the server gives it, however large, instead of holding it in memory.
 */
export function followDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.click();
}
