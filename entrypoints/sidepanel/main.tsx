import { render } from 'preact';
render(<main>Policy Lens</main>, document.getElementById('app')!);
