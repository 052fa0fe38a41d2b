/**
 * Which glossary entries are right in which field. The base glossary (glossary.ts) was written for
 * computing papers: "code" is 代码 there, but quantum error-correcting codes are 纠错码, "localization"
 * is 定位 for a robot and 局域化 for electrons, "bias" is 偏见 in fairness and 偏差 in statistics. So:
 *
 * - cs and eess read the base glossary, under their own entries;
 * - every other field reads only its own entries and the base entries listed in `neutralKeys` (terms
 *   that mean the same in any science). Anything else stays in English: an English term is better than
 *   a wrong Chinese one.
 */

/** arXiv category groups the glossary knows. */
export type FieldGroup = 'cs' | 'math' | 'physics' | 'cond-mat' | 'stat' | 'eess' | 'q-bio' | 'econ';

/** The field group of an arXiv category ("quant-ph" -> physics, "math.OC" -> math, "q-fin.ST" -> econ). */
export function fieldOfCategory(category: string): FieldGroup {
  const archive = category.split('.')[0] as string;
  if (archive === 'cs') return 'cs';
  if (archive === 'math' || archive === 'math-ph') return 'math';
  if (archive === 'cond-mat') return 'cond-mat';
  if (archive === 'stat') return 'stat';
  if (archive === 'eess') return 'eess';
  if (archive === 'q-bio') return 'q-bio';
  if (archive === 'econ' || archive === 'q-fin') return 'econ';
  if (/^(?:quant-ph|physics|hep-(?:th|ph|ex|lat)|gr-qc|astro-ph|nucl-(?:th|ex)|nlin)$/.test(archive))
    return 'physics';
  // Unknown archives read like computing papers, as they did before fields were told apart.
  return 'cs';
}

/** Fields that read the whole base glossary. */
export const baseFields: ReadonlySet<FieldGroup> = new Set(['cs', 'eess']);

const list = (text: string) =>
  text
    .split(/\s*\n\s*|\s{2,}/)
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean);

/** Base entries whose Chinese is right in every field. */
export const neutralKeys: ReadonlySet<string> = new Set(
  list(`
  image video audio speech text language multimodal vision visual
  learning training neural network transformer attention diffusion flow autoregressive generative
  optimization convergence gradient stochastic bayesian causal causality uncertainty robust robustness
  sparse sparsity low-rank kernel graph tree theory theoretical sampling clustering regression
  classification prediction forecasting estimation inference control controller feedback reinforcement reward
  privacy security attack encryption cryptography blockchain fairness
  quantum qubit entanglement photonic optical laser spin superconducting thermal fluid dynamics dynamical
  stability system distributed parallel hardware gpu fpga chip
  medical clinical patient disease drug protein gene genomic molecule molecular climate weather
  vehicle traffic robot robotic robotics drone uav wireless communication sensor
  market financial finance economic education social theorem proof logic mathematical mathematics
  trajectory temporal spatial spatio-temporal series sequence dataset data benchmark evaluation survey
  llm llms large-scale efficiency scalable interpretability explainability simulation
  `).concat([
    'neural network',
    'neural networks',
    'graph neural network',
    'reinforcement learning',
    'large language model',
    'machine translation',
    'quantum computing',
    'error correction',
    'quantum error',
    'state space',
    'natural language',
    'data mining',
  ]),
);

type Entries = readonly (readonly [string, string])[];

const physicsEntries: Entries = [
  ['code', '码'],
  ['quantum code', '量子码'],
  ['error-correcting code', '纠错码'],
  ['stabilizer code', '稳定子码'],
  ['surface code', '表面码'],
  ['quantum circuit', '量子线路'],
  ['circuit', '线路'],
  ['photon', '光子'],
  ['atom', '原子'],
  ['ion', '离子'],
  ['state', '态'],
  ['quantum state', '量子态'],
  ['channel', '信道'],
  ['hamiltonian', '哈密顿量'],
  ['operator', '算符'],
  ['measurement', '测量'],
  ['noise', '噪声'],
  ['decoherence', '退相干'],
  ['qkd', 'QKD'],
  ['key distribution', '密钥分发'],
  ['quantum key distribution', '量子密钥分发'],
  ['protocol', '协议'],
  ['sensing', '传感'],
  ['quantum sensing', '量子传感'],
  ['metrology', '计量学'],
  ['cavity', '腔'],
  ['temperature', '温度'],
  ['equation', '方程'],
  ['field', '场'],
  ['phase', '相'],
  ['phase transition', '相变'],
  ['symmetry', '对称性'],
  ['topological', '拓扑'],
  ['lattice', '晶格'],
  ['gravity', '引力'],
  ['black hole', '黑洞'],
  ['dark matter', '暗物质'],
  ['galaxy', '星系'],
  ['neutrino', '中微子'],
  ['particle', '粒子'],
  ['energy', '能量'],
  ['detector', '探测器'],
  ['detection', '探测'],
  ['simulation', '模拟'],
  ['quantum simulation', '量子模拟'],
  ['quantum advantage', '量子优势'],
  ['quantum computer', '量子计算机'],
  ['compiler', '编译器'],
  ['device', '器件'],
  ['qudit', '量子多能级比特'],
  ['magnetic', '磁'],
  ['algorithm', '算法'],
  ['quantum algorithm', '量子算法'],
  ['excitation', '激发'],
  ['localization', '局域化'],
  ['thermodynamics', '热力学'],
  ['open quantum system', '开放量子系统'],
  ['quantum network', '量子网络'],
  ['electron', '电子'],
];

const condensedEntries: Entries = [
  ['superconductivity', '超导'],
  ['superconductor', '超导体'],
  ['magnetic', '磁性'],
  ['magnetism', '磁性'],
  ['anisotropy', '各向异性'],
  ['skyrmion', '斯格明子'],
  ['anyon', '任意子'],
  ['defect', '缺陷'],
  ['frustration', '阻挫'],
  ['material', '材料'],
  ['crystal', '晶体'],
  ['phonon', '声子'],
  ['band', '能带'],
  ['fermion', '费米子'],
  ['boson', '玻色子'],
  ['insulator', '绝缘体'],
  ['metal', '金属'],
  ['polymer', '聚合物'],
  ['heisenberg model', '海森堡模型'],
  ['hubbard model', '哈伯德模型'],
  ['fluctuation', '涨落'],
  ['interaction', '相互作用'],
  ['annealer', '退火机'],
];

const mathEntries: Entries = [
  ['operator', '算子'],
  ['algorithm', '算法'],
  ['convex', '凸'],
  ['convexity', '凸性'],
  ['monotone', '单调'],
  ['inequality', '不等式'],
  ['equation', '方程'],
  ['optimal control', '最优控制'],
  ['matrix', '矩阵'],
  ['game', '博弈'],
  ['mean field game', '平均场博弈'],
  ['equilibrium', '均衡'],
  ['nash equilibrium', '纳什均衡'],
  ['distribution', '分布'],
  ['probability', '概率'],
  ['probabilistic', '概率'],
  ['function', '函数'],
  ['value function', '值函数'],
  ['perturbation', '扰动'],
  ['relaxation', '松弛'],
  ['constraint', '约束'],
  ['duality', '对偶'],
  ['acceleration', '加速'],
  ['polynomial', '多项式'],
  ['manifold', '流形'],
  ['group', '群'],
  ['finite element', '有限元'],
  ['error estimate', '误差估计'],
  ['mapping', '映射'],
  ['noise', '噪声'],
  ['stochastic control', '随机控制'],
  ['uncertainty', '不确定性'],
  ['emission', '排放'],
  ['vehicle', '车辆'],
  ['unit commitment', '机组组合'],
];

const statEntries: Entries = [
  ['distribution', '分布'],
  ['posterior', '后验'],
  ['prior', '先验'],
  ['causal inference', '因果推断'],
  ['treatment', '处理'],
  ['treatment effect', '处理效应'],
  ['bias', '偏差'],
  ['estimator', '估计量'],
  ['covariate', '协变量'],
  ['confounder', '混杂因素'],
  ['clinical trial', '临床试验'],
  ['trial', '试验'],
  ['sample size', '样本量'],
  ['endpoint', '终点'],
  ['false discovery rate', '错误发现率'],
  ['fdr control', 'FDR控制'],
  ['hypothesis', '假设'],
  ['hypothesis testing', '假设检验'],
  ['test', '检验'],
  ['variance', '方差'],
  ['gaussian process', '高斯过程'],
  ['extreme value', '极值'],
  ['risk', '风险'],
  ['survival', '生存'],
  ['survival analysis', '生存分析'],
  ['missing data', '缺失数据'],
  ['differential privacy', '差分隐私'],
  ['outcome', '结局'],
  ['sensitivity analysis', '敏感性分析'],
  ['randomization', '随机化'],
  ['detection', '检测'],
  ['selection', '选择'],
  ['variable selection', '变量选择'],
  ['model selection', '模型选择'],
  ['density', '密度'],
  ['skewness', '偏度'],
  ['mixture', '混合'],
  ['functional data', '函数型数据'],
  ['time series', '时间序列'],
  ['spatial statistics', '空间统计'],
];

const eessEntries: Entries = [
  ['code', '码'],
  ['power', '电力'],
  ['power system', '电力系统'],
  ['grid', '电网'],
  ['voltage', '电压'],
  ['converter', '变换器'],
  ['fault', '故障'],
  ['fault location', '故障定位'],
  ['protection', '保护'],
  ['inertia', '惯量'],
  ['frequency', '频率'],
  ['load', '负荷'],
  ['charging', '充电'],
  ['charging station', '充电站'],
  ['demand', '需求'],
  ['emission', '排放'],
  ['predictive control', '预测控制'],
  ['model predictive control', '模型预测控制'],
  ['mpc', 'MPC'],
  ['lyapunov function', '李雅普诺夫函数'],
  ['dissipativity', '耗散性'],
  ['multi-agent system', '多智能体系统'],
  ['digital twin', '数字孪生'],
  ['disturbance', '扰动'],
  ['wind', '风电'],
  ['price', '电价'],
];

const biologyEntries: Entries = [
  ['cell', '细胞'],
  ['neuron', '神经元'],
  ['population', '种群'],
  ['evolution', '进化'],
  ['epidemic', '流行病'],
  ['sequence', '序列'],
  ['genome', '基因组'],
  ['expression', '表达'],
  ['brain', '脑'],
];

const economicsEntries: Entries = [
  ['policy', '政策'],
  ['price', '价格'],
  ['game', '博弈'],
  ['equilibrium', '均衡'],
  ['auction', '拍卖'],
  ['mechanism design', '机制设计'],
  ['labor', '劳动'],
  ['welfare', '福利'],
  ['portfolio', '投资组合'],
  ['volatility', '波动率'],
  ['agent', '主体'],
  ['inflation', '通货膨胀'],
];

/** Each field's own entries; they take precedence over the base glossary. */
export const fieldEntries: Readonly<Record<FieldGroup, Entries>> = {
  cs: [],
  eess: eessEntries,
  math: mathEntries,
  physics: physicsEntries,
  // Condensed matter is physics too; its own words first.
  'cond-mat': [...condensedEntries, ...physicsEntries],
  stat: statEntries,
  'q-bio': biologyEntries,
  econ: economicsEntries,
};
