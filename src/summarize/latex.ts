import { dollarForm, splitMath } from '../core/math.ts';

/**
 * arXiv abstracts carry raw LaTeX. Formulas ($…$, $$…$$, \(…\), \[…\]) are content: they stay
 * verbatim, in their dollar form ("$O(\log^2 n)$"), so a summary quotes them whole and the renderers
 * typeset them. Only the prose markup around them goes and its content stays: "\textbf{Ours}" ->
 * "Ours", "\%" -> "%", footnotes and citations dropped. In the result every unescaped "$" delimits
 * a formula; a literal dollar of the prose is written "\$".
 */

const symbols: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Pi: 'Π',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  times: '×',
  approx: '≈',
  sim: '~',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  pm: '±',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  cdot: '·',
  infty: '∞',
  ell: 'ℓ',
};

// Commands whose whole argument is not prose (a footnote would break the sentence it sits in).
const droppedCommands = /\\(?:footnote|thanks|cite[tp]?|ref|label)\{[^{}]*\}/g;
// \textbf{x}, \emph{x}, \url{x}, \mathbf{x} ... -> x (innermost first, repeated for nesting).
const wrappingCommand = /\\[a-zA-Z]+\*?\{([^{}]*)\}/g;
const hasWrappingCommand = /\\[a-zA-Z]+\*?\{[^{}]*\}/;
const escapedDollar = '\u0000';

export function stripLatex(text: string): string {
  const result = splitMath(text)
    .map((piece) => (piece.math ? dollarForm(piece.tex, piece.display) : stripProse(piece.text)))
    .join('');
  return result
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/** Prose between formulas: markup removed, its content kept; a dollar left here is a literal one. */
function stripProse(text: string): string {
  let result = text.replace(/\\\$/g, escapedDollar).replace(droppedCommands, '');
  result = result.replace(/\\href\{[^{}]*\}\{([^{}]*)\}/g, '$1');
  for (let pass = 0; pass < 4 && hasWrappingCommand.test(result); pass++) {
    result = result.replace(wrappingCommand, (match, content: string) => {
      const name = match.slice(1, match.indexOf('{')).replace('*', '');
      return name in symbols ? `${symbols[name]}${content}` : content;
    });
  }
  return replaceCommands(result)
    .replace(/[{}]/g, '')
    .replace(/\$/g, escapedDollar)
    .replaceAll(escapedDollar, '\\$');
}

function replaceCommands(text: string): string {
  return text
    .replace(/\\([%&_#])/g, '$1')
    .replace(/\\([a-zA-Z]+)\s?/g, (match, name: string) => symbols[name] ?? (match.endsWith(' ') ? ' ' : ''))
    .replace(/\\[,;:! ]/g, ' ');
}
