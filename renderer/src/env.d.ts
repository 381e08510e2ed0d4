/// <reference types="vite/client" />

declare const __VMXLAB_HOST__: 'electron' | 'web';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare module '*.vmx?raw' {
  const text: string;
  export default text;
}
