import { createDataset } from './dist/index.js';
const base = Date.parse('2026-12-02T00:00:00Z');
for (const api of ['salesforce','dynamics365']) for (const jobs of [1,10,50,100,300,1000,3000,10000,100000]) {
  const r=[];
  for (let h=0; h<48; h+= (jobs>=10000?12:1)) { const now=new Date(base+h*3600e3+ 1234567); const d = createDataset(api, { seed: 1, jobs, now }); r.push(d.sizeAt(now.getTime())/jobs); }
  r.sort((a,b)=>a-b);
  console.log(api, jobs, 'min',r[0].toFixed(2),'median',r[r.length>>1].toFixed(2),'max',r.at(-1).toFixed(2), 'mean', (r.reduce((a,b)=>a+b)/r.length).toFixed(3));
}
