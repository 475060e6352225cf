/** Tests run TypeScript through SWC (no type check here: `npm run typecheck` does that). */
const swc = ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // jose 6 ships ES modules only; jest runs CommonJS, so SWC turns it into CommonJS too.
  transform: { '^.+\\.tsx?$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // adaptivecards' package entry wants a DOM; its dist bundle parses and validates cards in Node.
  moduleNameMapper: { '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js' },
  testTimeout: 30000,
};
