// Importing this registers every Gradscope custom layer with tfjs's serialization (needed to load exported models).
export { Maxout } from './maxout';
export { ScaledElu } from './elu';
