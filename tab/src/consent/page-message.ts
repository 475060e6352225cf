/** The consent pages are plain DOM (no React): a line of text saying what is happening. */
export function say(text: string, isError = false): void {
  const root = document.getElementById('root')!;
  root.textContent = '';
  const p = document.createElement('p');
  p.style.font = '14px "Segoe UI", system-ui, sans-serif';
  p.style.margin = '24px';
  if (isError) {
    p.setAttribute('role', 'alert');
    p.style.color = '#b10e1c';
  }
  p.textContent = text;
  root.append(p);
}
