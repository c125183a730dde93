/** Template files, embedded in the bundle as text (esbuild --loader:.tpl=text). */
declare module '*.tpl' {
  const text: string;
  export default text;
}
