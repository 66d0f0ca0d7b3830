-- Headless Neovim as an LSP client of vramlint: open a config, wait for diagnostics, ask for hover and code actions,
-- and write what came back as JSON. Works with Neovim 0.7+ (vim.lsp.start_client).
-- Environment: VRAMLINT_SERVER (path to dist/server.js), VRAMLINT_FILE (config to open), VRAMLINT_OUT (JSON result).
local server = os.getenv('VRAMLINT_SERVER')
local file = os.getenv('VRAMLINT_FILE')
local out = os.getenv('VRAMLINT_OUT')
local result = { diagnostics = {}, hover = nil, actions = {}, error = nil }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'vramlint',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  assert(client_id, 'the server did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)

  local got = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  assert(got, 'no diagnostics within 15 s')
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { message = d.message, source = d.source, code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code, lnum = d.lnum, col = d.col, severity = d.severity })
  end

  local line = 0
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:match('^per_device_train_batch_size') then line = i - 1 end
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = 3 } }
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then result.hover = r.result.contents.value or r.result.contents end
  end

  -- The LSP form of the diagnostic, as Neovim's own code-action request builds it (range, message, code, data).
  local fit
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    if lsp.code == 'memory-fit' then
      fit = {
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        severity = d.severity, message = d.message, source = d.source, code = lsp.code, data = lsp.data,
      }
    end
  end
  assert(fit, 'no memory-fit diagnostic')
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', { textDocument = params.textDocument, range = fit.range, context = { diagnostics = { fit } } }, 20000)
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do table.insert(result.actions, a.title) end
  end
end)
if not ok then result.error = tostring(err) end
finish()
