"""Converts kube-openapi generated Go definitions (zz_generated.openapi.go) into JSON schemas.

jporch derives three data files from Porch's generated OpenAPI with this script (it reads the file,
it does not run Go):

  git -C <porch> show HEAD:api/generated/openapi/zz_generated.openapi.go > /tmp/porch_openapi.go
  python3 tools/openapi/goopenapi.py /tmp/porch_openapi.go --v3 > /tmp/porch-v3.json

  * api-server/src/main/resources/io/jporch/server/openapi/apimachinery-definitions.json: the
    io.k8s.apimachinery definitions jporch's documents refer to (ObjectMeta, ListMeta, Status, ...),
    plus meta.v1.Time, whose Go schema is computed at run time ({type: string, format: date-time});
  * api-server/src/main/resources/io/jporch/server/openapi/query-parameters.json: names, types and
    descriptions of the query parameters (from ListOptions, PatchOptions, DeleteOptions);
  * api-server/src/test/resources/openapi/porch-v1alpha1-definitions.json: Porch's own
    porch.kpt.dev/v1alpha1 definitions, which OpenApiFidelityTest compares jporch's generated
    schemas with.

Definition names follow k8s.io/apiserver's DefinitionNamer (reversed domain of the Go package).
"""
import json, re, sys

src = open(sys.argv[1]).read()

TOKEN = re.compile(r'''\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<raw>`[^`]*`)|(?P<num>-?\d+(?:\.\d+)?)|(?P<punct>[{}(),:&\[\]])|(?P<ident>[A-Za-z_][A-Za-z0-9_.]*))''')

def tokenize(s):
    pos, out = 0, []
    while pos < len(s):
        m = TOKEN.match(s, pos)
        if not m:
            if s[pos:].strip() == '':
                break
            raise ValueError('bad token at ' + s[pos:pos+50])
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out

class P:
    def __init__(self, toks): self.t, self.i = toks, 0
    def peek(self, k=0): return self.t[self.i+k] if self.i+k < len(self.t) else (None, None)
    def next(self): v = self.t[self.i]; self.i += 1; return v
    def expect(self, v):
        k, x = self.next()
        if x != v: raise ValueError(f'expected {v} got {x} at {self.i}')
    def typeprefix(self):
        # consumes things like []string, map[string]spec.Schema, &spec.Schema, spec.SchemaProps, []interface{}
        parts = []
        while True:
            k, v = self.peek()
            if v == '&': self.next(); continue
            if v == '[':
                self.next(); 
                if self.peek()[1] == ']': self.next(); parts.append('[]'); continue
                inner = self.typeprefix(); self.expect(']'); parts.append('[' + inner + ']'); continue
            if k == 'ident' and v == 'map':
                self.next(); parts.append('map'); continue
            if k == 'ident' and v == 'interface':
                self.next(); self.expect('{'); self.expect('}'); parts.append('interface{}'); return ''.join(parts)
            if k == 'ident':
                self.next(); parts.append(v); return ''.join(parts)
            return ''.join(parts)
    def value(self):
        k, v = self.peek()
        if k == 'str': self.next(); return json.loads(v)
        if k == 'raw': self.next(); return v[1:-1]
        if k == 'num': self.next(); return float(v) if '.' in v else int(v)
        if k == 'ident' and v in ('true', 'false'): self.next(); return v == 'true'
        if k == 'ident' and v == 'nil': self.next(); return None
        if k == 'ident' and v == 'ref':
            self.next(); self.expect('('); _, s = self.next(); self.expect(')'); return {'$ref': json.loads(s)}
        if v == '{':
            return self.composite('')
        t = self.typeprefix()
        if self.peek()[1] == '{':
            return self.composite(t)
        if self.peek()[1] == '(':  # conversion like int64(5)
            self.next(); x = self.value(); self.expect(')'); return x
        raise ValueError(f'unexpected {self.peek()} after type {t}')
    def composite(self, t):
        self.expect('{')
        items, keyed = [], {}
        while self.peek()[1] != '}':
            k, v = self.peek()
            if self.peek(1)[1] == ':' and k in ('ident', 'str'):
                self.next(); self.next()
                key = json.loads(v) if k == 'str' else v
                keyed[key] = self.value()
            else:
                items.append(self.value())
            if self.peek()[1] == ',': self.next()
        self.expect('}')
        if t.startswith('[]'): return items
        if keyed or not items: return keyed
        return items

def friendly(name):
    parts = name.split('/')
    if '.' in parts[0]:
        parts[0] = '.'.join(reversed(parts[0].split('.')))
    return '.'.join(parts)

def schema(s, v3):
    """s: parsed spec.Schema dict -> JSON schema"""
    out = {}
    props = s.get('SchemaProps', {})
    ext = s.get('VendorExtensible', {}).get('Extensions', {})
    if 'Description' in props: out['description'] = props['Description']
    if 'Type' in props: out['type'] = props['Type'][0]
    if props.get('Format'): out['format'] = props['Format']
    if 'Default' in props: out['default'] = props['Default']
    if 'Enum' in props: out['enum'] = props['Enum']
    if 'Ref' in props:
        ref = ('#/components/schemas/' if v3 else '#/definitions/') + friendly(props['Ref']['$ref'])
        if v3 and ('description' in out or 'default' in out):
            out['allOf'] = [{'$ref': ref}]
        else:
            out['$ref'] = ref
    if 'Items' in props:
        out['items'] = schema(props['Items']['Schema'], v3)
    if 'AdditionalProperties' in props:
        ap = props['AdditionalProperties']
        out['additionalProperties'] = schema(ap['Schema'], v3) if 'Schema' in ap else ap.get('Allows', True)
    if 'Properties' in props:
        out['properties'] = {k: schema(v, v3) for k, v in props['Properties'].items()}
    if 'Required' in props: out['required'] = props['Required']
    for k in ('Minimum', 'Maximum', 'MinLength', 'MaxLength', 'Pattern', 'MinItems', 'MaxItems'):
        if k in props: out[k[0].lower() + k[1:]] = props[k]
    for k, v in ext.items(): out[k] = v
    return out

defs = {}
for m in re.finditer(r'^func (schema_\w+)\(ref common.ReferenceCallback\) common.OpenAPIDefinition \{\n\treturn ', src, re.M):
    start = m.end()
    try:
        p = P(tokenize(src[start:src.index('\n}\n', start)]))
        defs[m.group(1)] = p.value()
    except ValueError as e:
        sys.stderr.write('skipped ' + m.group(1) + ': ' + str(e)[:60] + '\n')
names = {}
for m in re.finditer(r'^\t\t"([^"]+)":\s+(schema_\w+)\(ref\),', src, re.M):
    names[m.group(2)] = m.group(1)
v3 = '--v3' in sys.argv
result = {friendly(names[f]): schema(d['Schema'], v3) for f, d in defs.items() if f in names}
json.dump(result, sys.stdout, indent=1, sort_keys=True)
