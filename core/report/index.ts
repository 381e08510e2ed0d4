// Reports and charts (results-cli.md "Reports", ui-contract.md "Timeline charts"): chart option
// builders shared by the app and the reports, and writers that return strings (HTML, Markdown + SVG
// files, CSV, JSON) so each host decides where they go (CLI files, the app's export, a download).
export * from './charts';
export * from './csv';
export * from './format';
export * from './html';
export * from './json';
export * from './markdown';
export * from './summary';
export * from './svg';
export * from './sweep-report';
export * from './sweep-summary';
